package io.sayline.tools.load;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How far behind one of the harness's own event loops fell: a check {@link #PERIOD_MS} ms after the last one ends
 * records how long after that it ran. The load bot answers every call's control channel on one loop; on a machine
 * the gateway and the harness share, that loop fell seconds behind during the ramp (its sockets held unread
 * WebSocket handshakes while Sayline's side had read everything), and each call whose handshake waited past
 * Sayline's {@code control.connectTimeoutMs} failed as "bot unavailable". Printed beside the failures, this tells
 * the harness's failures from the gateway's. A fixed delay, not a fixed rate: a loop that is late runs a fixed-rate
 * task again at once for every period it missed, so one whose turns take longer than the period would show a lag
 * that only grows, more than any task of it waited.
 */
final class LoopLag implements AutoCloseable {
    static final long PERIOD_MS = 50;
    /** Written by the checks, on their loops; read by the summary. */
    private long maxLateNanos;
    private Instant worstAt;
    private final List<ScheduledFuture<?>> checks = new ArrayList<>();

    private LoopLag(List<EventLoop> loops) {
        for (EventLoop loop : loops) {
            Check check = new Check();
            checks.add(loop.scheduleWithFixedDelay(check, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS));
        }
    }

    /** Starts checking {@code loop} now. */
    static LoopLag watch(EventLoop loop) {
        return watch(List.of(loop));
    }

    /** Starts checking each of {@code loops} now; the figures are the worst of them. */
    static LoopLag watch(List<EventLoop> loops) {
        return new LoopLag(loops);
    }

    /** The most a check ran after its due time so far, in ms. */
    synchronized double maxLateMs() {
        return maxLateNanos / 1e6;
    }

    /** Seconds from {@code start} to the check that ran latest; NaN before any check ran late. */
    synchronized double worstSecondsAfter(Instant start) {
        return worstAt == null ? Double.NaN : Duration.between(start, worstAt).toMillis() / 1000.0;
    }

    private synchronized void record(long lateNanos) {
        if (lateNanos > maxLateNanos) {
            maxLateNanos = lateNanos;
            worstAt = Instant.now().minusNanos(lateNanos);
        }
    }

    @Override
    public void close() {
        checks.forEach(check -> check.cancel(false));
    }

    /** One loop's checks, on that loop; the next is due a period after this one. */
    private final class Check implements Runnable {
        private long nextDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);

        @Override
        public void run() {
            long now = System.nanoTime();
            long late = now - nextDueNanos;
            nextDueNanos = now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
            record(late);
        }
    }
}
