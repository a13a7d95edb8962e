package io.sayline.rtp.session;

import java.net.InetSocketAddress;

/**
 * Which address a call's RTP may come from, so that nobody else can speak into the call (RTP injection, the
 * "RTP Bleed" class of attacks): a stranger's packets never reach DTMF detection, barge-in or the bot.
 *
 * <ul>
 *   <li><b>Strict</b> (the default): only the address and port of the caller's SDP.</li>
 *   <li><b>Symmetric</b> ({@code rtp.symmetric: true}, for callers behind NAT whose SDP names a private
 *       address): the first source that sends {@link #LEARNING_PACKETS} packets in a row is learned and then
 *       held, and media is sent back to it, as Asterisk's {@code strictrtp} learning and rtpengine do.</li>
 * </ul>
 * A new remote (a re-INVITE) starts over. Confined to the call loop.
 */
final class SourceGuard {
    /** Packets in a row from one source before symmetric mode holds it (Asterisk's default probation). */
    static final int LEARNING_PACKETS = 4;

    private final boolean symmetric;
    private InetSocketAddress expected;
    private InetSocketAddress candidate;
    private int candidatePackets;
    private InetSocketAddress learned;

    SourceGuard(boolean symmetric) {
        this.symmetric = symmetric;
    }

    /** The caller's SDP names {@code remote}: strict mode expects it, symmetric mode learns afresh. */
    void expect(InetSocketAddress remote) {
        expected = remote;
        candidate = null;
        candidatePackets = 0;
        learned = null;
    }

    /** Whether a datagram from {@code source} is this call's media. */
    boolean accepts(InetSocketAddress source) {
        if (!symmetric) {
            return source.equals(expected);
        }
        if (learned != null) {
            return source.equals(learned);
        }
        if (!source.equals(candidate)) {
            candidate = source;
            candidatePackets = 0;
        }
        if (++candidatePackets >= LEARNING_PACKETS) {
            learned = candidate;
        }
        return true;
    }

    /** Symmetric mode's held source, once learned: where media should go. Null in strict mode or while learning. */
    InetSocketAddress learned() {
        return learned;
    }
}
