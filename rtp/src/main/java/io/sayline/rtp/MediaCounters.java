package io.sayline.rtp;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide media counters, shared by every RTP session and playout buffer and read live by
 * {@code /metrics}. Each session still keeps its own plain counters for its call's record; these add up
 * all calls while they run, so a scrape shows packets and drops as they happen, not when calls end.
 *
 * <p>{@link LongAdder}s: the pacing loops add without contending with each other or with a scrape.
 */
public final class MediaCounters {
    public final LongAdder packetsSent = new LongAdder();
    public final LongAdder packetsReceived = new LongAdder();
    /** Received datagrams that were not valid RTP. */
    public final LongAdder droppedMalformed = new LongAdder();
    /** Received packets from an SSRC other than the latched one. */
    public final LongAdder droppedForeignSsrc = new LongAdder();
    /** Received datagrams from an address other than the caller's media source (injection, a stray sender). */
    public final LongAdder droppedForeignSource = new LongAdder();
    /** Received packets in a payload type not negotiated. */
    public final LongAdder droppedPayloadType = new LongAdder();
    /** Received datagrams larger than any packet of a G.711 call. */
    public final LongAdder droppedOversized = new LongAdder();
    /** A caller's packets beyond the most a 20 ms call sends in a second. */
    public final LongAdder droppedFlood = new LongAdder();
    /** RTCP packets multiplexed on RTP ports (RFC 5761): received and counted, not used. */
    public final LongAdder rtcpReceived = new LongAdder();
    /** Errors the RTP sockets reported (failed writes, ICMP). */
    public final LongAdder socketErrors = new LongAdder();
    /** Times a playout buffer ran dry inside an utterance. */
    public final LongAdder underruns = new LongAdder();
    /** 20 ms frames of silence inserted inside utterances. */
    public final LongAdder underrunFrames = new LongAdder();
    /** Frames refused at a playout buffer's hard cap. */
    public final LongAdder playoutRejectedFrames = new LongAdder();
}
