package io.sayline.rtp.packet;

/**
 * The outcome of {@link RtpPacket#decode}: the {@link RtpPacket} itself (no wrapper is allocated), or
 * {@link Malformed} naming why the datagram was rejected. Use {@code if (r instanceof RtpPacket p)}.
 */
public sealed interface RtpDecodeResult permits RtpPacket, RtpDecodeResult.Malformed {

    /**
     * Why a datagram is not a valid RTP packet. The reasons are constants so rejecting a packet allocates
     * nothing; callers count them.
     */
    record Malformed(String reason) implements RtpDecodeResult {
        public static final Malformed TOO_SHORT = new Malformed("shorter than the 12-byte fixed header");
        public static final Malformed BAD_VERSION = new Malformed("version is not 2");
        public static final Malformed RTCP = new Malformed("an RTCP packet type (RFC 5761 §4), not RTP");
        public static final Malformed CSRC_TRUNCATED = new Malformed("CSRC list runs past the end");
        public static final Malformed EXTENSION_TRUNCATED = new Malformed("header extension runs past the end");
        public static final Malformed PADDING_ZERO = new Malformed("padding bit set but pad count is 0");
        public static final Malformed PADDING_TOO_LONG = new Malformed("pad count is longer than the payload");
    }
}
