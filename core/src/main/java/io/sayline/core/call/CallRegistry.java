package io.sayline.core.call;

import io.sayline.core.metrics.Labels;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live calls, for {@code GET /calls}, draining and the active-calls gauge. Thread-safe: calls add
 * and remove themselves from their own loops; readers get a snapshot.
 */
public final class CallRegistry {
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Object drained = new Object();

    void add(Call call) {
        calls.put(call.id(), call);
    }

    void remove(Call call) {
        calls.remove(call.id());
        if (calls.isEmpty()) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /** The live call with this id (Sayline's call id, which the SIP side shares), or null. */
    Call find(String id) {
        return calls.get(id);
    }

    public int size() {
        return calls.size();
    }

    /** A snapshot of every live call, oldest first. */
    public List<CallSummary> snapshot() {
        return calls.values().stream().map(Call::summary)
                .sorted(Comparator.comparing(CallSummary::startedAt)).toList();
    }

    /** Live calls by route and vendor, for {@code sayline_calls_active_by_route}. */
    public Map<Labels, Integer> countByRouteAndVendor() {
        Map<Labels, Integer> counts = new HashMap<>();
        for (Call call : calls.values()) {
            CallSummary summary = call.summary();
            counts.merge(Labels.of("route", summary.route(), "tts", summary.tts()), 1, Integer::sum);
        }
        return counts;
    }

    /** Every live call, for ending them all (drain timeout, stop). */
    List<Call> all() {
        return List.copyOf(calls.values());
    }

    /** Waits until no call is left or the time is up; true when none is left. */
    public boolean awaitEmpty(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (drained) {
            while (!calls.isEmpty()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                drained.wait(Math.min(left, 500));
            }
        }
        return true;
    }
}
