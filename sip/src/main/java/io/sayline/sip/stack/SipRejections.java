package io.sayline.sip.stack;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Error responses (status 300 and above) Sayline built, by request method and status: how many INVITEs were
 * refused for a rate limit or a drain (503), a closed allow-list (403), a route (404), an offer (488), and so
 * on. Methods outside RFC 3261 and its extensions count as {@code OTHER}, so a scanner inventing methods cannot
 * grow the table. Thread-safe.
 */
public final class SipRejections {
    private static final Set<String> METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
            "INFO", "UPDATE", "PRACK", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH");

    /** One row of the table. */
    public record Key(String method, int status) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byMethod = method.compareTo(other.method);
            return byMethod != 0 ? byMethod : Integer.compare(status, other.status);
        }
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String method, int status) {
        String bounded = METHODS.contains(method) ? method : "OTHER";
        counts.computeIfAbsent(new Key(bounded, status), k -> new LongAdder()).increment();
    }

    /** A copy of the table, sorted by method and status. */
    public Map<Key, Long> snapshot() {
        Map<Key, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }
}
