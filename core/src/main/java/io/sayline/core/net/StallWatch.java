package io.sayline.core.tts.elevenlabs;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fires once when no audio arrived for the stall timeout while armed. One scheduled check per timeout
 * period, not per chunk: a check that finds fresh audio re-schedules itself for the remaining time.
 * Used for WebSockets: a socket stays open between utterances, so "no byte for a while" is no failure there;
 * what matters is no audio while an utterance waits for it.
 */
final class StallWatch {
    private final ScheduledExecutorService timer;
    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final Runnable onStall;
    // guarded by this
    private boolean armed;
    private boolean fired;
    private long lastAudioNanos;

    StallWatch(ScheduledExecutorService timer, long timeoutMs, LongSupplier nanoClock, Runnable onStall) {
        this.timer = timer;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.nanoClock = nanoClock;
        this.onStall = onStall;
    }

    /** Starts watching: audio is due within the timeout from now. Idempotent. */
    synchronized void arm() {
        if (armed || fired) {
            return;
        }
        armed = true;
        lastAudioNanos = nanoClock.getAsLong();
        schedule(timeoutNanos);
    }

    /** Audio arrived. */
    synchronized void touch() {
        lastAudioNanos = nanoClock.getAsLong();
    }

    /** Stops watching for good (end, error or cancel). */
    synchronized void disarm() {
        armed = false;
        fired = true;
    }

    private void check() {
        synchronized (this) {
            if (!armed) {
                return;
            }
            long idle = nanoClock.getAsLong() - lastAudioNanos;
            if (idle < timeoutNanos) {
                schedule(timeoutNanos - idle);
                return;
            }
            armed = false;
            fired = true;
        }
        onStall.run();
    }

    private void schedule(long delayNanos) {
        try {
            timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            armed = false; // the vendor is closing; its sessions are being cancelled anyway
        }
    }
}
