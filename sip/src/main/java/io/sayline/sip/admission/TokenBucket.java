package io.sayline.sip.admission;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket refilled continuously at its rate, holding at most {@code capacity} tokens: a burst up to the
 * capacity passes, a sustained excess over the rate does not. Not thread-safe: its owner guards it.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long perSecond;
    private final double capacity;
    private double tokens;
    private long lastRefill;

    /** A bucket holding one second of its rate. */
    TokenBucket(long perSecond, long now) {
        this(perSecond, perSecond, now);
    }

    TokenBucket(long perSecond, double capacity, long now) {
        if (perSecond <= 0 || capacity < 1) {
            throw new IllegalArgumentException("rate must be > 0 per second and capacity >= 1, was " + perSecond
                    + " and " + capacity);
        }
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastRefill = now;
    }

    /** True when one more event may pass at {@code now} (and takes its token). */
    boolean tryTake(long now) {
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + (double) elapsed * perSecond / NANOS_PER_SECOND);
            lastRefill = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when the bucket would be full again at {@code now}: nothing about its owner is worth keeping. */
    boolean fullAt(long now) {
        return tokens + (double) (now - lastRefill) * perSecond / NANOS_PER_SECOND >= capacity;
    }
}
