package io.sayline.core.net;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fires once when nothing arrived for the timeout while armed. One scheduled check per timeout period, not per
 * arrival: a check that finds a fresh arrival re-schedules itself for the remaining time. Used for the vendor
 * WebSockets (a socket stays open between utterances, so what matters is no audio while an utterance waits for
 * it) and as the read timeout of a streaming HTTP answer ({@link HttpExchange}).
 */
public final class StallWatch {
    private final ScheduledExecutorService timer;
    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final Runnable onStall;
    // guarded by this
    private boolean armed;
    private boolean fired;
    private long lastArrivalNanos;
    private ScheduledFuture<?> check;

    /**
     * @param timer   where the checks and {@code onStall} run (an event loop is one)
     * @param onStall runs once, on {@code timer}, when the timeout passed with nothing arriving
     */
    public StallWatch(ScheduledExecutorService timer, long timeoutMs, LongSupplier nanoClock, Runnable onStall) {
        this.timer = timer;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.nanoClock = nanoClock;
        this.onStall = onStall;
    }

    /** Starts watching: something is due within the timeout from now. Idempotent. */
    public synchronized void arm() {
        if (armed || fired) {
            return;
        }
        armed = true;
        lastArrivalNanos = nanoClock.getAsLong();
        schedule(timeoutNanos);
    }

    /** Something arrived: the timeout counts from now. */
    public synchronized void touch() {
        lastArrivalNanos = nanoClock.getAsLong();
    }

    /** Stops watching for good (end, error or cancel). */
    public synchronized void disarm() {
        armed = false;
        fired = true;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void check() {
        synchronized (this) {
            if (!armed) {
                return;
            }
            long idle = nanoClock.getAsLong() - lastArrivalNanos;
            if (idle < timeoutNanos) {
                schedule(timeoutNanos - idle);
                return;
            }
            armed = false;
            fired = true;
            check = null;
        }
        onStall.run();
    }

    // guarded by this
    private void schedule(long delayNanos) {
        try {
            check = timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            armed = false; // the timer is closing; what it watched is being cancelled anyway
        }
    }
}
