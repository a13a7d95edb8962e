package io.sayline.sip.logging;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** At most N log lines per second; the rest are counted and the count reported with the next line allowed. */
final class WarningBudget {
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int perSecond;
    private final LongSupplier nanoClock;
    private long windowStart; // guarded by this
    private int used; // guarded by this
    private long suppressed; // guarded by this

    WarningBudget(int perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** -1 when this line must be suppressed, else how many were suppressed since the last line allowed. */
    synchronized long tryAcquire() {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= SECOND_NANOS) {
            windowStart = now;
            used = 0;
        }
        if (used >= perSecond) {
            suppressed++;
            return -1;
        }
        used++;
        long reported = suppressed;
        suppressed = 0;
        return reported;
    }
}
