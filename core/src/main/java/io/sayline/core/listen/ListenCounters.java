package io.sayline.core.listen;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counts of the caller's side of every call, read live by {@code /metrics}; every call's
 * {@link CallerTimeline} and audio forwarder add to the same instance ({@link LongAdder}s: the call loops add
 * without contending with each other or with a scrape).
 */
public final class ListenCounters {
    /** 20 ms caller frames placed on the timelines (received or lost). */
    public final LongAdder callerFrames = new LongAdder();
    /** Caller frames not (or not wholly) received: filled with silence and marked lost. */
    public final LongAdder callerFramesLost = new LongAdder();
    /** Caller packets that came after their place on the timeline had been passed (already filled as lost). */
    public final LongAdder latePackets = new LongAdder();
    /** Caller packets received twice (same sequence number): the copy is dropped. */
    public final LongAdder duplicatePackets = new LongAdder();
    /** Times a timeline started again: a new SSRC, or a timestamp jump too large to fill. */
    public final LongAdder discontinuities = new LongAdder();
    /** Caller frames written to bots that asked to {@code listen}. */
    public final LongAdder framesForwarded = new LongAdder();
    /** Caller frames dropped because a bot read too slowly (the oldest go first). */
    public final LongAdder framesOverflowDropped = new LongAdder();
}
