package io.sayline.sip.admission;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code sip.maxCallsPerSecond}: a token bucket holding one second of new INVITEs, refilled continuously,
 * so a burst up to the limit passes and a sustained excess gets 503 + Retry-After (RFC 3261 §21.5.4).
 * Thread-safe: JAIN SIP's re-entrant listener calls it from several threads.
 */
public final class CallRateLimiter {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long perSecond;
    private final LongSupplier nanoClock;
    private double tokens; // guarded by this
    private long lastRefill; // guarded by this

    /** @param nanoClock a monotonic clock, {@code System::nanoTime} outside tests */
    public CallRateLimiter(int perSecond, LongSupplier nanoClock) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("maxCallsPerSecond must be > 0, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.tokens = perSecond;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** True when one more call may start now (and counts it). */
    public synchronized boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(perSecond, tokens + (double) elapsed * perSecond / NANOS_PER_SECOND);
            lastRefill = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
