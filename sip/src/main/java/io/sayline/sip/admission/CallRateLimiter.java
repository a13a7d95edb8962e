package io.sayline.sip.admission;

import java.util.function.LongSupplier;

/**
 * {@code sip.maxCallsPerSecond}: one {@link TokenBucket} for every new INVITE, so a burst up to the limit passes
 * and a sustained excess gets 503 + Retry-After (RFC 3261 §21.5.4). Thread-safe: JAIN SIP's re-entrant listener
 * calls it from several threads.
 */
public final class CallRateLimiter {
    private final LongSupplier nanoClock;
    private final TokenBucket bucket; // guarded by this

    /** @param nanoClock a monotonic clock, {@code System::nanoTime} outside tests */
    public CallRateLimiter(int perSecond, LongSupplier nanoClock) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("maxCallsPerSecond must be > 0, was " + perSecond);
        }
        this.nanoClock = nanoClock;
        this.bucket = new TokenBucket(perSecond, nanoClock.getAsLong());
    }

    /** True when one more call may start now (and counts it). */
    public synchronized boolean tryAcquire() {
        return bucket.tryTake(nanoClock.getAsLong());
    }
}
