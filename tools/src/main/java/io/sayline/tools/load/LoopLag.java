package io.sayline.tools.load;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
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
    /** Written only by the checks, on the loop; read by the summary. */
    private volatile long maxLateNanos;
    private volatile Instant worstAt;
    private final ScheduledFuture<?> checks;
    private long nextDueNanos;

    private LoopLag(EventLoop loop) {
        this.nextDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
        this.checks = loop.scheduleWithFixedDelay(this::check, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Starts checking {@code loop} now. */
    static LoopLag watch(EventLoop loop) {
        return new LoopLag(loop);
    }

    /** The most a check ran after its due time so far, in ms. */
    double maxLateMs() {
        return maxLateNanos / 1e6;
    }

    /** Seconds from {@code start} to the check that ran latest; NaN before any check ran late. */
    double worstSecondsAfter(Instant start) {
        Instant at = worstAt;
        return at == null ? Double.NaN : Duration.between(start, at).toMillis() / 1000.0;
    }

    /** On the loop; the next check is due a period after this one. */
    private void check() {
        long now = System.nanoTime();
        long late = now - nextDueNanos;
        nextDueNanos = now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
        if (late > maxLateNanos) {
            maxLateNanos = late;
            worstAt = Instant.now().minusNanos(late);
        }
    }

    @Override
    public void close() {
        checks.cancel(false);
    }
}
