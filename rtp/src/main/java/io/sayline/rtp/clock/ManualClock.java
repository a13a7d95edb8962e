package io.sayline.rtp.clock;

import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when told to: for tests (of this module and of {@code core}) that drive the
 * pacer and timeouts without sleeping. Not thread-safe; advance it on the thread that reads it.
 */
public final class ManualClock implements MonotonicClock {
    private long nanos;

    public ManualClock(long startNanos) {
        this.nanos = startNanos;
    }

    public ManualClock() {
        this(0);
    }

    @Override
    public long nanos() {
        return nanos;
    }

    public void advance(long amount, TimeUnit unit) {
        if (amount < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back, amount was " + amount);
        }
        nanos += unit.toNanos(amount);
    }

    public void advanceMillis(long millis) {
        advance(millis, TimeUnit.MILLISECONDS);
    }

    public void advanceNanos(long n) {
        advance(n, TimeUnit.NANOSECONDS);
    }
}
