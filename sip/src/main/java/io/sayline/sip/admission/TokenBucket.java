package io.sayline.sip.admission;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket holding one second of its rate, refilled continuously: a burst up to the rate passes, a
 * sustained excess does not. Not thread-safe: its owner guards it.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long perSecond;
    private double tokens;
    private long lastRefill;

    TokenBucket(long perSecond, long now) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be > 0 per second, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.lastRefill = now;
    }

    /** True when one more event may pass at {@code now} (and takes its token). */
    boolean tryTake(long now) {
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

    /** True when the bucket would be full again at {@code now}: nothing about its owner is worth keeping. */
    boolean fullAt(long now) {
        return tokens + (double) (now - lastRefill) * perSecond / NANOS_PER_SECOND >= perSecond;
    }
}
