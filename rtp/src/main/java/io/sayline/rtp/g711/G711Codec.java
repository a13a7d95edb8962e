package io.sayline.rtp.g711;

/**
 * ITU-T G.711 companding, μ-law (PCMU) and A-law (PCMA), bit-exact with the ITU-T G.191 software
 * tool library reference ({@code g711.c}: {@code ulaw_compress}, {@code alaw_compress},
 * {@code ulaw_expand}, {@code alaw_expand}).
 *
 * <p>Linear samples are full-scale signed 16-bit. As in the STL reference, μ-law uses the top 14 bits
 * and A-law the top 13 bits, and negative inputs take their magnitude as a one's complement
 * ({@code ~x}), so {@code -1} codes like {@code 0}: a plain negation would differ from the reference
 * on a quarter of the negative inputs.
 *
 * <p>Both directions are table look-ups (64 KiB per law to encode, 256 entries to decode), built once
 * at class initialisation. Stateless and thread-safe.
 *
 * <p>Payload types are the static assignments of RFC 3551 section 6, table 4.
 */
public enum G711Codec {
    /** μ-law, RTP payload type 0 (RFC 3551 §4.5.14). */
    PCMU(0) {
        @Override
        byte compress(int linear) {
            // G.711 table 2a: 14-bit magnitude plus bias 33, 8 segments, codes are inverted.
            int magnitude = (linear < 0 ? ~linear : linear) >> ULAW_SHIFT;
            int biased = Math.min(magnitude + ULAW_BIAS, ULAW_MAX_BIASED);
            int segment = (31 - Integer.numberOfLeadingZeros(biased)) - ULAW_SEGMENT_BASE_BITS;
            int mantissa = (biased >> (segment + 1)) & MANTISSA_MASK;
            int code = ~((segment << 4) | mantissa) & MAGNITUDE_MASK;
            return (byte) (linear >= 0 ? code | SIGN_BIT : code);
        }

        @Override
        short expand(int code) {
            int inverted = ~code & 0xFF;
            int segment = (inverted >> 4) & SEGMENT_MASK;
            int mantissa = inverted & MANTISSA_MASK;
            // ((132 + 8m) << e) - 132 is the reference's (128 << e) + step*m + step/2 - 4*33, step = 8 << e.
            int magnitude = (((mantissa << 3) + ULAW_EXPAND_BIAS) << segment) - ULAW_EXPAND_BIAS;
            return (short) ((inverted & SIGN_BIT) != 0 ? -magnitude : magnitude);
        }
    },
    /** A-law, RTP payload type 8 (RFC 3551 §4.5.14). */
    PCMA(8) {
        @Override
        byte compress(int linear) {
            // G.711 table 1a: 12-bit magnitude, segment 0 and 1 share a step, even bits inverted (0x55).
            int magnitude = (linear < 0 ? ~linear : linear) >> ALAW_SHIFT;
            int code;
            if (magnitude < ALAW_SEGMENT_SIZE) {
                code = magnitude;
            } else {
                int segment = (31 - Integer.numberOfLeadingZeros(magnitude)) - 3;
                code = (segment << 4) | ((magnitude >> (segment - 1)) & MANTISSA_MASK);
            }
            if (linear >= 0) {
                code |= SIGN_BIT;
            }
            return (byte) (code ^ ALAW_TOGGLE);
        }

        @Override
        short expand(int code) {
            int value = (code ^ ALAW_TOGGLE) & MAGNITUDE_MASK;
            int segment = value >> 4;
            int mantissa = value & MANTISSA_MASK;
            if (segment > 0) {
                mantissa += ALAW_SEGMENT_SIZE;
            }
            int magnitude = (mantissa << 4) + ALAW_HALF_STEP;
            if (segment > 1) {
                magnitude <<= segment - 1;
            }
            return (short) ((code & SIGN_BIT) != 0 ? magnitude : -magnitude);
        }
    };

    private static final int SIGN_BIT = 0x80;
    private static final int MAGNITUDE_MASK = 0x7F;
    private static final int SEGMENT_MASK = 0x07;
    private static final int MANTISSA_MASK = 0x0F;
    private static final int ULAW_SHIFT = 2;
    private static final int ULAW_BIAS = 33;
    private static final int ULAW_MAX_BIASED = 0x1FFF;
    private static final int ULAW_SEGMENT_BASE_BITS = 5;
    private static final int ULAW_EXPAND_BIAS = 0x84;
    private static final int ALAW_SHIFT = 4;
    private static final int ALAW_SEGMENT_SIZE = 16;
    private static final int ALAW_HALF_STEP = 0x08;
    private static final int ALAW_TOGGLE = 0x55;
    private static final int LINEAR_VALUES = 1 << 16;
    private static final int CODES = 1 << 8;

    private final int payloadType;
    private final byte[] encodeTable = new byte[LINEAR_VALUES];
    private final short[] decodeTable = new short[CODES];

    G711Codec(int payloadType) {
        this.payloadType = payloadType;
    }

    static {
        for (G711Codec codec : values()) {
            for (int i = 0; i < LINEAR_VALUES; i++) {
                codec.encodeTable[i] = codec.compress((short) i);
            }
            for (int c = 0; c < CODES; c++) {
                codec.decodeTable[c] = codec.expand(c);
            }
        }
    }

    abstract byte compress(int linear);

    abstract short expand(int code);

    /** The static RTP payload type (RFC 3551 table 4): 0 for PCMU, 8 for PCMA. */
    public int payloadType() {
        return payloadType;
    }

    /** The codec for a static payload type; anything but 0 or 8 is an {@link IllegalArgumentException}. */
    public static G711Codec forPayloadType(int payloadType) {
        for (G711Codec codec : values()) {
            if (codec.payloadType == payloadType) {
                return codec;
            }
        }
        throw new IllegalArgumentException("payload type must be 0 (PCMU) or 8 (PCMA), was " + payloadType);
    }

    /** Encodes one signed 16-bit sample. */
    public byte encode(short linear) {
        return encodeTable[linear & 0xFFFF];
    }

    /** Decodes one code to a signed 16-bit sample. */
    public short decode(byte code) {
        return decodeTable[code & 0xFF];
    }

    /** The code for digital silence (linear 0): 0xFF for μ-law, 0xD5 for A-law. */
    public byte silence() {
        return encodeTable[0];
    }

    /**
     * Copies {@code len} codes of this codec from {@code in[off..]} to {@code out[outOff..]} as μ-law: byte for
     * byte from PCMU, converted sample by sample (decode, then μ-law encode; no resampling) from PCMA. For
     * consumers that take μ-law whatever the call's codec (a bot's {@code listen}, speech-to-text vendors).
     */
    public void toUlaw(byte[] in, int off, int len, byte[] out, int outOff) {
        if (this == PCMU) {
            System.arraycopy(in, off, out, outOff, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            out[outOff + i] = PCMU.encode(decode(in[off + i]));
        }
    }

    /** Encodes {@code len} samples from {@code in[off..]} into {@code out[outOff..]}. */
    public void encode(short[] in, int off, int len, byte[] out, int outOff) {
        byte[] table = encodeTable;
        for (int i = 0; i < len; i++) {
            out[outOff + i] = table[in[off + i] & 0xFFFF];
        }
    }

    /** Decodes {@code len} codes from {@code in[off..]} into {@code out[outOff..]}. */
    public void decode(byte[] in, int off, int len, short[] out, int outOff) {
        short[] table = decodeTable;
        for (int i = 0; i < len; i++) {
            out[outOff + i] = table[in[off + i] & 0xFF];
        }
    }
}
