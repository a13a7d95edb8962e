package io.sayline.rtp.pacer;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.sayline.rtp.clock.MonotonicClock;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The 20 ms frame clock of one Netty {@link EventLoop}: one pacer per loop, shared by every call pinned to
 * that loop (no thread and no timer per call). The schedule arithmetic lives in {@link PacingSchedule};
 * this class only wakes it up.
 *
 * <p>Wake-ups come from one fixed-rate 1 ms task on the loop, aligned with the phase groups, so steady
 * state allocates nothing per wake (a one-shot {@code schedule} per wake would allocate a task object each
 * time). Netty computes fixed-rate deadlines as {@code deadline + period}, so the timer itself does not
 * drift either; the task runs only while at least one stream is registered.
 *
 * <p>Threading: every method must be called on {@link #loop()}; streams are ticked there.
 */
public final class Pacer {
    private static final long WAKE_PERIOD_NANOS = PacingSchedule.GROUP_SPACING_NANOS;

    private final EventLoop loop;
    private final MonotonicClock clock;
    private final PacingSchedule schedule;
    private final Runnable wake = this::wake;
    private ScheduledFuture<?> timer; // guarded by loop

    /**
     * @param clock must share its time base with Netty's scheduler: {@link MonotonicClock#system()} in
     *              production
     */
    public Pacer(EventLoop loop, MonotonicClock clock) {
        this(loop, clock, PacingSchedule.DEFAULT_MAX_CATCH_UP_FRAMES);
    }

    public Pacer(EventLoop loop, MonotonicClock clock, int maxCatchUpFrames) {
        this(loop, clock, maxCatchUpFrames, late -> { }, GiveWay.never());
    }

    /** @param lateness and giveWay: see {@link PacingSchedule#PacingSchedule(long, int, LongConsumer, GiveWay)} */
    public Pacer(EventLoop loop, MonotonicClock clock, int maxCatchUpFrames, LongConsumer lateness, GiveWay giveWay) {
        this.loop = loop;
        this.clock = clock;
        this.schedule = new PacingSchedule(clock.nanos(), maxCatchUpFrames, lateness, giveWay);
    }

    public EventLoop loop() {
        return loop;
    }

    /** Adds a stream; it is ticked every 20 ms from its phase group's next slot. Returns its phase group. */
    public int register(PacedStream stream) {
        checkLoop();
        int group = schedule.register(stream, clock.nanos());
        if (timer == null) {
            long sinceT0 = clock.nanos() - schedule.t0();
            long delay = WAKE_PERIOD_NANOS - Math.floorMod(sinceT0, WAKE_PERIOD_NANOS);
            timer = loop.scheduleAtFixedRate(wake, delay, WAKE_PERIOD_NANOS, TimeUnit.NANOSECONDS);
        }
        return group;
    }

    /** Removes a stream (safe from inside its own tick); idempotent. */
    public void unregister(PacedStream stream) {
        checkLoop();
        schedule.unregister(stream);
        if (schedule.streamCount() == 0 && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The schedule's counters (ticks, skipped and caught-up slots); read on the loop. */
    public PacingSchedule schedule() {
        return schedule;
    }

    private void wake() {
        schedule.runDue(clock.nanos());
    }

    private void checkLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("Pacer must be used on its event loop; use loop().execute(...)");
        }
    }
}
