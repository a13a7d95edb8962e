package io.sayline.rtp.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Objects;

/**
 * One RTP data packet (RFC 3550 §5.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  defined by profile (X=1)     |           length              |  RFC 3550 §5.3.1
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 payload  ...  | padding (P=1) ... | pad count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Decoding never throws on untrusted input: {@link #decode(ByteBuf)} returns a {@link RtpDecodeResult}
 * that is either the packet itself (no wrapper is allocated) or a {@link RtpDecodeResult.Malformed} naming the problem.
 * The decoded packet's {@link #payload()} and {@link #extensionData()} are <em>slices</em> of the input
 * buffer: valid only while that buffer is, copied by {@link #payloadBytes()} when needed longer.
 *
 * <p>Senders on the hot path do not build packets: they call {@link #writeHeader} on a reused buffer.
 * Sequence numbers and timestamps are compared only through {@link Rtp16} and {@link Rtp32}.
 */
public final class RtpPacket implements RtpDecodeResult {
    /** The only RTP version in use (RFC 3550 §5.1). */
    public static final int VERSION = 2;
    /** Length of the fixed header, bytes. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** Most CSRC identifiers a header can carry (4-bit CC field). */
    public static final int MAX_CSRC = 15;

    static final int OFFSET_FLAGS = 0;
    static final int OFFSET_MARKER_PT = 1;
    static final int OFFSET_SEQUENCE = 2;
    static final int OFFSET_TIMESTAMP = 4;
    static final int OFFSET_SSRC = 8;
    static final int OFFSET_CSRC = 12;

    static final int VERSION_SHIFT = 6;
    static final int PADDING_MASK = 0x20;
    static final int EXTENSION_MASK = 0x10;
    static final int CSRC_COUNT_MASK = 0x0F;
    static final int MARKER_MASK = 0x80;
    static final int PAYLOAD_TYPE_MASK = 0x7F;
    static final int CSRC_LENGTH = 4;
    static final int EXTENSION_HEADER_LENGTH = 4;
    static final int EXTENSION_WORD = 4;
    /** RFC 5761 §4: RTCP packet types 200..204 (SR, RR, SDES, BYE, APP) land on M+PT 72..76. */
    static final int RTCP_FIRST_TYPE = 200;
    static final int RTCP_LAST_TYPE = 204;

    private final boolean marker;
    private final int payloadType;
    private final int sequenceNumber;
    private final int timestamp;
    private final int ssrc;
    private final int[] csrcs;
    private final int extensionProfile;
    private final ByteBuf extensionData;
    private final ByteBuf payload;
    private final int paddingLength;

    private RtpPacket(Builder b) {
        this(b.marker, b.payloadType, b.sequenceNumber, b.timestamp, b.ssrc, b.csrcs, b.extensionProfile,
                b.extensionData, b.payload, b.paddingLength);
    }

    private RtpPacket(boolean marker, int payloadType, int sequenceNumber, int timestamp, int ssrc, int[] csrcs,
                      int extensionProfile, ByteBuf extensionData, ByteBuf payload, int paddingLength) {
        this.marker = marker;
        this.payloadType = payloadType;
        this.sequenceNumber = sequenceNumber;
        this.timestamp = timestamp;
        this.ssrc = ssrc;
        this.csrcs = csrcs;
        this.extensionProfile = extensionProfile;
        this.extensionData = extensionData;
        this.payload = payload;
        this.paddingLength = paddingLength;
    }

    /**
     * Parses one datagram's bytes from the reader index to the writer index, without moving either.
     * Never throws for bad input.
     */
    public static RtpDecodeResult decode(ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < FIXED_HEADER_LENGTH) {
            return RtpDecodeResult.Malformed.TOO_SHORT;
        }
        int flags = buf.getUnsignedByte(start + OFFSET_FLAGS);
        if ((flags >>> VERSION_SHIFT) != VERSION) {
            return RtpDecodeResult.Malformed.BAD_VERSION;
        }
        int markerPt = buf.getUnsignedByte(start + OFFSET_MARKER_PT);
        if (markerPt >= RTCP_FIRST_TYPE && markerPt <= RTCP_LAST_TYPE) {
            return RtpDecodeResult.Malformed.RTCP;
        }
        int csrcCount = flags & CSRC_COUNT_MASK;
        int offset = OFFSET_CSRC + csrcCount * CSRC_LENGTH;
        if (offset > length) {
            return RtpDecodeResult.Malformed.CSRC_TRUNCATED;
        }
        int[] csrcs = Builder.NO_CSRCS;
        if (csrcCount > 0) {
            csrcs = new int[csrcCount];
            for (int i = 0; i < csrcCount; i++) {
                csrcs[i] = buf.getInt(start + OFFSET_CSRC + i * CSRC_LENGTH);
            }
        }
        int extensionProfile = 0;
        ByteBuf extensionData = null;
        if ((flags & EXTENSION_MASK) != 0) {
            if (offset + EXTENSION_HEADER_LENGTH > length) {
                return RtpDecodeResult.Malformed.EXTENSION_TRUNCATED;
            }
            extensionProfile = buf.getUnsignedShort(start + offset);
            int dataLength = buf.getUnsignedShort(start + offset + 2) * EXTENSION_WORD;
            offset += EXTENSION_HEADER_LENGTH;
            if (offset + dataLength > length) {
                return RtpDecodeResult.Malformed.EXTENSION_TRUNCATED;
            }
            extensionData = buf.slice(start + offset, dataLength);
            offset += dataLength;
        }
        int end = length;
        int pad = 0;
        if ((flags & PADDING_MASK) != 0) {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            pad = buf.getUnsignedByte(start + length - 1);
            if (pad == 0) {
                return RtpDecodeResult.Malformed.PADDING_ZERO;
            }
            if (pad > length - offset) {
                return RtpDecodeResult.Malformed.PADDING_TOO_LONG;
            }
            end -= pad;
        }
        return new RtpPacket((markerPt & MARKER_MASK) != 0, markerPt & PAYLOAD_TYPE_MASK,
                buf.getUnsignedShort(start + OFFSET_SEQUENCE), buf.getInt(start + OFFSET_TIMESTAMP),
                buf.getInt(start + OFFSET_SSRC), csrcs, extensionProfile, extensionData,
                buf.slice(start + offset, end - offset), pad);
    }

    /**
     * Writes the 12-byte fixed header (no CSRC, no extension, no padding) at the writer index: the sender's
     * zero-allocation path. The payload follows with {@code out.writeBytes(...)}.
     */
    public static void writeHeader(ByteBuf out, boolean marker, int payloadType, int sequenceNumber,
                                   int timestamp, int ssrc) {
        out.writeByte(VERSION << VERSION_SHIFT);
        out.writeByte((marker ? MARKER_MASK : 0) | (payloadType & PAYLOAD_TYPE_MASK));
        out.writeShort(sequenceNumber);
        out.writeInt(timestamp);
        out.writeInt(ssrc);
    }

    /** Writes the whole packet (header, CSRCs, extension, payload, padding) at the writer index. */
    public void encodeTo(ByteBuf out) {
        int flags = (VERSION << VERSION_SHIFT) | csrcs.length;
        if (extensionData != null) {
            flags |= EXTENSION_MASK;
        }
        if (paddingLength > 0) {
            flags |= PADDING_MASK;
        }
        out.writeByte(flags);
        out.writeByte((marker ? MARKER_MASK : 0) | payloadType);
        out.writeShort(sequenceNumber);
        out.writeInt(timestamp);
        out.writeInt(ssrc);
        for (int csrc : csrcs) {
            out.writeInt(csrc);
        }
        if (extensionData != null) {
            out.writeShort(extensionProfile);
            out.writeShort(extensionData.readableBytes() / EXTENSION_WORD);
            out.writeBytes(extensionData, extensionData.readerIndex(), extensionData.readableBytes());
        }
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        if (paddingLength > 0) {
            out.writeZero(paddingLength - 1);
            out.writeByte(paddingLength);
        }
    }

    /** Encoded size in bytes. */
    public int encodedLength() {
        int ext = extensionData == null ? 0 : EXTENSION_HEADER_LENGTH + extensionData.readableBytes();
        return FIXED_HEADER_LENGTH + csrcs.length * CSRC_LENGTH + ext + payload.readableBytes() + paddingLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean marker() {
        return marker;
    }

    /** The 7-bit payload type number. */
    public int payloadType() {
        return payloadType;
    }

    /** The payload type as a value that tolerates unknown numbers. */
    public PayloadType type() {
        return PayloadType.of(payloadType);
    }

    /** 0..65535; compare with {@link Rtp16}. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** Raw 32 bits; compare with {@link Rtp32}. */
    public int timestamp() {
        return timestamp;
    }

    /** Raw 32 bits. */
    public int ssrc() {
        return ssrc;
    }

    public int[] csrcs() {
        return csrcs.clone();
    }

    public boolean hasExtension() {
        return extensionData != null;
    }

    public int extensionProfile() {
        return extensionProfile;
    }

    /** The extension's data (without its 4-byte header), or null; a slice of the decoded buffer. */
    public ByteBuf extensionData() {
        return extensionData;
    }

    /** The payload without padding: a slice of the decoded buffer. */
    public ByteBuf payload() {
        return payload;
    }

    /** A copy of the payload bytes. */
    public byte[] payloadBytes() {
        byte[] copy = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), copy);
        return copy;
    }

    /** Number of padding bytes (including the count byte), 0 if none. */
    public int paddingLength() {
        return paddingLength;
    }

    @Override
    public String toString() {
        return "RtpPacket{pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + Rtp32.unsigned(timestamp)
                + ", ssrc=" + Integer.toUnsignedString(ssrc) + (marker ? ", M" : "")
                + (csrcs.length > 0 ? ", csrcs=" + Arrays.toString(csrcs) : "")
                + ", payload=" + payload.readableBytes() + "B}";
    }

    /** Builds a packet to encode (tests, tools, DTMF); arguments are checked at once. */
    public static final class Builder {
        private static final int[] NO_CSRCS = new int[0];
        private boolean marker;
        private int payloadType;
        private int sequenceNumber;
        private int timestamp;
        private int ssrc;
        private int[] csrcs = NO_CSRCS;
        private int extensionProfile;
        private ByteBuf extensionData;
        private ByteBuf payload = Unpooled.EMPTY_BUFFER;
        private int paddingLength;

        private Builder() {
        }

        public Builder marker(boolean marker) {
            this.marker = marker;
            return this;
        }

        public Builder payloadType(int payloadType) {
            if (payloadType < 0 || payloadType > PayloadType.MAX) {
                throw new IllegalArgumentException("payload type must be 0..127, was " + payloadType);
            }
            this.payloadType = payloadType;
            return this;
        }

        public Builder sequenceNumber(int sequenceNumber) {
            if (sequenceNumber < 0 || sequenceNumber >= Rtp16.MODULUS) {
                throw new IllegalArgumentException("sequence number must be 0..65535, was " + sequenceNumber);
            }
            this.sequenceNumber = sequenceNumber;
            return this;
        }

        public Builder timestamp(int timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder ssrc(int ssrc) {
            this.ssrc = ssrc;
            return this;
        }

        public Builder csrcs(int... csrcs) {
            if (csrcs.length > MAX_CSRC) {
                throw new IllegalArgumentException("at most 15 CSRCs, was " + csrcs.length);
            }
            this.csrcs = csrcs.clone();
            return this;
        }

        public Builder extension(int profile, ByteBuf data) {
            Objects.requireNonNull(data, "data");
            if (data.readableBytes() % EXTENSION_WORD != 0) {
                throw new IllegalArgumentException("extension data must be whole 32-bit words, was "
                        + data.readableBytes() + " bytes");
            }
            this.extensionProfile = profile & 0xFFFF;
            this.extensionData = data;
            return this;
        }

        public Builder payload(ByteBuf payload) {
            this.payload = Objects.requireNonNull(payload, "payload");
            return this;
        }

        public Builder payload(byte[] payload) {
            return payload(Unpooled.wrappedBuffer(payload));
        }

        /** Padding bytes to append, the count byte included: 0 or 1..255. */
        public Builder paddingLength(int paddingLength) {
            if (paddingLength < 0 || paddingLength > 255) {
                throw new IllegalArgumentException("padding must be 0..255 bytes, was " + paddingLength);
            }
            this.paddingLength = paddingLength;
            return this;
        }

        public RtpPacket build() {
            return new RtpPacket(this);
        }
    }
}
