package io.sayline.rtp.pacer;

import io.sayline.rtp.clock.MonotonicClock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Makes a pacing loop that keeps running late give its core away for a moment, so that the JVM's own threads can
 * end what makes it late.
 *
 * <p>The call loops run under {@code SCHED_FIFO} (docs/THREADING.md): while one has work, no thread of normal
 * priority runs on its core. When the compiled code of the per-frame path is thrown away under load (a
 * deoptimisation, docs/performance.md), the same frames take the slower tiers several times as long, the loops
 * fall behind, and from then on they always have work: the JIT compiler thread that would give them fast code
 * back runs only in what the kernel's real-time throttling leaves (5 % of each second by default), and every
 * stream on the machine stays late for 15 s and more (measured with {@code load --deopt-at}).
 *
 * <p>So a loop that has been ticking slots more than {@link #LATE_NANOS} after their due time for
 * {@link #RUN_NANOS} parks for {@link #PAUSE_NANOS}, and again after every further {@code RUN_NANOS} while it
 * stays that late: half of its core goes to the other threads, and the same measurement recovered in 5-8 s.
 * The run is counted from the first late slot, so a GC pause's catch-up, a few ms of ticks, ends before it
 * could park. Each pause is reported to {@code onPause}.
 *
 * <p>Not thread-safe: one per loop, used on that loop.
 */
public final class GiveWay {
    /** A slot ticked later than this after its due time is late. */
    public static final long LATE_NANOS = 10_000_000L;
    /** How long a loop ticks late slots before it parks. */
    public static final long RUN_NANOS = 5_000_000L;
    /** How long it parks. */
    public static final long PAUSE_NANOS = 5_000_000L;
    /** Ticks between two readings of the clock. */
    static final int TICKS_PER_CHECK = 16;
    private static final long ON_TIME = Long.MIN_VALUE;

    private static final GiveWay NEVER = new GiveWay(() -> 0, pause -> { }, () -> { });

    private final MonotonicClock clock;
    private final LongConsumer park;
    private final Runnable onPause;
    private long lateSince = ON_TIME;
    private int ticksSinceCheck;

    GiveWay(MonotonicClock clock, LongConsumer park, Runnable onPause) {
        this.clock = clock;
        this.park = park;
        this.onPause = onPause;
    }

    /** Parks the calling thread with {@link LockSupport#parkNanos(long)}; {@code onPause} must be thread-safe. */
    public static GiveWay parking(MonotonicClock clock, Runnable onPause) {
        return new GiveWay(clock, LockSupport::parkNanos, onPause);
    }

    /** Never gives way: for schedules driven by a test's clock. */
    public static GiveWay never() {
        return NEVER;
    }

    /** Called on the loop before each stream's tick, with the due time of the slot being ticked. */
    void beforeTick(long slotDueNanos) {
        if (++ticksSinceCheck < TICKS_PER_CHECK) {
            return;
        }
        ticksSinceCheck = 0;
        long now = clock.nanos();
        if (now - slotDueNanos <= LATE_NANOS) {
            lateSince = ON_TIME;
        } else if (lateSince == ON_TIME) {
            lateSince = now;
        } else if (now - lateSince >= RUN_NANOS) {
            park.accept(PAUSE_NANOS);
            onPause.run();
            lateSince = clock.nanos();
        }
    }
}
