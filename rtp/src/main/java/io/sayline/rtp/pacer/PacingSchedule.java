package io.sayline.rtp.pacer;

import io.sayline.rtp.MediaFrame;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arithmetic of the pacer, free of Netty so a test can drive it with a fake clock.
 *
 * <p>Streams are spread over {@link #GROUPS} phase groups {@link #GROUP_SPACING_NANOS} apart, because
 * sending every stream on one shared tick makes a 1,000-packet burst that skews the last stream by
 * 3–5 ms (docs/dependencies.md, "Netty", pacing measurements: phase groups gave p99 0.7–0.9 ms against
 * 4.1–4.6 ms).
 * A stream in group {@code g} sends frame {@code n} at {@code t0 + g·1 ms + n·20 ms}: the due time is
 * computed from the frame number, never as "previous + 20 ms", so late wake-ups do not accumulate drift.
 *
 * <p>Late wake-ups: when a wake-up finds a group up to {@code maxCatchUpFrames} slots behind, every missed
 * slot is ticked at once so the stream is back on its grid. A stall longer than that (a GC pause, an
 * overloaded core) skips the missed slots and ticks only the latest one: a burst of many packets would
 * arrive after the receiver's jitter buffer gave up on them anyway and would only add a second spike.
 * Skipping moves no RTP timestamp (the session's media clock counts frames sent, so the stream stays
 * continuous); the receiver sees a one-off delay step, as after a network delay spike. Skipped slots are
 * counted.
 *
 * <p>Not thread-safe: owned by one event loop.
 */
public final class PacingSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(PacingSchedule.class);
    /** Number of phase groups in one frame period. */
    public static final int GROUPS = 20;
    /** Offset between consecutive phase groups. */
    public static final long GROUP_SPACING_NANOS = MediaFrame.NANOS / GROUPS;
    /** Default largest number of missed slots that are caught up by ticking each one. */
    public static final int DEFAULT_MAX_CATCH_UP_FRAMES = 3;

    private final long t0;
    private final int maxCatchUpFrames;
    private final PhaseGroup[] groups = new PhaseGroup[GROUPS];
    private final Map<PacedStream, PhaseGroup> groupOf = new IdentityHashMap<>();
    private int roundRobin;
    private long ticks;
    private long skippedSlots;
    private long catchUpSlots;
    private long tickFailures;
    private final LongConsumer lateness;
    private final GiveWay giveWay;

    /**
     * @param t0Nanos          the time of slot 0 of group 0, on the same clock that is passed to {@link #runDue}
     * @param maxCatchUpFrames missed slots up to this many are all ticked; more are skipped (≥ 1)
     */
    public PacingSchedule(long t0Nanos, int maxCatchUpFrames) {
        this(t0Nanos, maxCatchUpFrames, late -> { }, GiveWay.never());
    }

    /**
     * @param lateness told, on the loop, how late each group slot ran (ns after its due time): the pacing
     *                 lateness an operator watches. Must be cheap and must not throw.
     * @param giveWay  asked before each stream's tick whether the loop, long late, should let other threads run
     */
    public PacingSchedule(long t0Nanos, int maxCatchUpFrames, LongConsumer lateness, GiveWay giveWay) {
        this.lateness = lateness;
        this.giveWay = giveWay;
        if (maxCatchUpFrames < 1) {
            throw new IllegalArgumentException("maxCatchUpFrames must be >= 1, was " + maxCatchUpFrames);
        }
        this.t0 = t0Nanos;
        this.maxCatchUpFrames = maxCatchUpFrames;
        for (int g = 0; g < GROUPS; g++) {
            groups[g] = new PhaseGroup(g);
        }
    }

    /**
     * Adds a stream to the least-loaded group (ties go round-robin); its first tick is the group's first slot
     * at or after {@code nowNanos}. Returns the group index.
     */
    public int register(PacedStream stream, long nowNanos) {
        if (groupOf.containsKey(stream)) {
            throw new IllegalStateException("stream is already registered");
        }
        PhaseGroup best = null;
        for (int i = 0; i < GROUPS; i++) {
            PhaseGroup candidate = groups[(roundRobin + i) % GROUPS];
            if (best == null || candidate.size() < best.size()) {
                best = candidate;
            }
        }
        roundRobin = (best.index + 1) % GROUPS;
        if (best.size() == 0) {
            best.nextFrame = firstFrameAtOrAfter(best.index, nowNanos);
        }
        best.add(stream);
        groupOf.put(stream, best);
        return best.index;
    }

    /** Removes a stream; safe from inside a tick. Returns false if it was not registered. */
    public boolean unregister(PacedStream stream) {
        PhaseGroup group = groupOf.remove(stream);
        if (group == null) {
            return false;
        }
        group.remove(stream);
        return true;
    }

    /** Ticks every stream whose slot is due at {@code nowNanos}, group by group in phase order. */
    public void runDue(long nowNanos) {
        for (PhaseGroup group : groups) {
            if (group.size() == 0) {
                continue;
            }
            long due = dueNanos(group.index, group.nextFrame);
            if (due > nowNanos) {
                continue;
            }
            lateness.accept(nowNanos - due);
            long behind = (nowNanos - due) / MediaFrame.NANOS + 1;
            if (behind > maxCatchUpFrames) {
                skippedSlots += behind - 1;
                group.nextFrame += behind - 1;
            } else {
                catchUpSlots += behind - 1;
            }
            while (group.size() > 0 && dueNanos(group.index, group.nextFrame) <= nowNanos) {
                tickAll(group, dueNanos(group.index, group.nextFrame));
                group.nextFrame++;
            }
        }
    }

    /** The earliest due time of any registered stream, or {@link Long#MAX_VALUE} when there is none. */
    public long nextDueNanos() {
        long next = Long.MAX_VALUE;
        for (PhaseGroup group : groups) {
            if (group.size() > 0) {
                next = Math.min(next, dueNanos(group.index, group.nextFrame));
            }
        }
        return next;
    }

    /** The due time of frame {@code n} in group {@code g}: {@code t0 + g·1 ms + n·20 ms}. */
    public long dueNanos(int g, long n) {
        return t0 + g * GROUP_SPACING_NANOS + n * MediaFrame.NANOS;
    }

    /** The time of slot 0 of group 0. */
    public long t0() {
        return t0;
    }

    /** Number of streams in group {@code g}. */
    public int groupSize(int g) {
        return groups[g].size();
    }

    public int streamCount() {
        return groupOf.size();
    }

    /** Stream ticks performed so far. */
    public long ticks() {
        return ticks;
    }

    /** Group slots skipped after stalls longer than the catch-up limit. */
    public long skippedSlots() {
        return skippedSlots;
    }

    /** Group slots that were late and ticked in a catch-up. */
    public long catchUpSlots() {
        return catchUpSlots;
    }

    /** Ticks that threw: each such stream was removed from the schedule (logged, counted; the others go on). */
    public long tickFailures() {
        return tickFailures;
    }

    private long firstFrameAtOrAfter(int g, long nowNanos) {
        long sinceGroupStart = nowNanos - t0 - g * GROUP_SPACING_NANOS;
        if (sinceGroupStart <= 0) {
            return 0;
        }
        return (sinceGroupStart + MediaFrame.NANOS - 1) / MediaFrame.NANOS;
    }

    private void tickAll(PhaseGroup group, long slotDueNanos) {
        group.iterating = true;
        try {
            // Streams registered during this pass are appended and start on the next slot.
            int n = group.count;
            for (int i = 0; i < n; i++) {
                PacedStream s = group.streams[i];
                if (s == null) {
                    continue;
                }
                ticks++;
                giveWay.beforeTick(slotDueNanos);
                try {
                    s.tick();
                } catch (RuntimeException e) {
                    // A stream that throws would throw again on every slot, logging a stack trace 50 times a
                    // second on the real-time loop: it leaves the schedule, once, and the others go on.
                    tickFailures++;
                    unregister(s);
                    LOG.error("paced stream removed from the schedule after its tick failed group={}", group.index, e);
                }
            }
        } finally {
            group.iterating = false;
            group.compact();
        }
    }

    /** One phase group: an array of streams, compacted after removals made during iteration. */
    private static final class PhaseGroup {
        final int index;
        PacedStream[] streams = new PacedStream[8];
        int count;
        int live;
        long nextFrame;
        boolean iterating;

        PhaseGroup(int index) {
            this.index = index;
        }

        int size() {
            return live;
        }

        void add(PacedStream s) {
            if (count == streams.length) {
                compact();
                if (count == streams.length) {
                    streams = java.util.Arrays.copyOf(streams, streams.length * 2);
                }
            }
            streams[count++] = s;
            live++;
        }

        void remove(PacedStream s) {
            for (int i = 0; i < count; i++) {
                if (streams[i] == s) {
                    streams[i] = null;
                    live--;
                    break;
                }
            }
            if (!iterating) {
                compact();
            }
        }

        void compact() {
            if (iterating || live == count) {
                return;
            }
            int w = 0;
            for (int r = 0; r < count; r++) {
                if (streams[r] != null) {
                    streams[w++] = streams[r];
                }
            }
            for (int i = w; i < count; i++) {
                streams[i] = null;
            }
            count = w;
        }
    }
}
