package io.sayline.rtp.pacer;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.sayline.rtp.clock.MonotonicClock;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * One {@link Pacer} per event loop of a group, created up front so lookups need no locking: the call
 * orchestration pins a call to {@code group.next()} and asks here for that loop's pacer.
 *
 * <p>Thread-safe: the map is filled in the constructor and only read afterwards.
 */
public final class Pacers {
    private final Map<EventLoop, Pacer> byLoop = new IdentityHashMap<>();

    public Pacers(EventLoopGroup group, MonotonicClock clock) {
        this(group, clock, late -> { }, () -> { });
    }

    /**
     * @param lateness told how late each slot ran, from every loop (so thread-safe)
     * @param onGiveWay told each time a loop running late parks to let other threads run ({@link GiveWay}),
     *                  from every loop (so thread-safe)
     */
    public Pacers(EventLoopGroup group, MonotonicClock clock, LongConsumer lateness, Runnable onGiveWay) {
        for (EventExecutor executor : group) {
            if (!(executor instanceof EventLoop loop)) {
                throw new IllegalArgumentException("group member is not an EventLoop: " + executor);
            }
            byLoop.put(loop, new Pacer(loop, clock, PacingSchedule.DEFAULT_MAX_CATCH_UP_FRAMES, lateness,
                    GiveWay.parking(clock, onGiveWay)));
        }
    }

    /** The pacer of {@code loop}; the loop must belong to the group this was built from. */
    public Pacer forLoop(EventLoop loop) {
        Pacer pacer = byLoop.get(loop);
        if (pacer == null) {
            throw new IllegalArgumentException("event loop is not part of this pacer group");
        }
        return pacer;
    }
}
