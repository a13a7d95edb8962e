package io.sayline.rtp.transcode;

/**
 * The 4-byte header of an MPEG-1/2/2.5 Layer III frame (ISO/IEC 11172-3 §2.4.2.3, ISO/IEC 13818-3),
 * enough to know where the frame ends:
 *
 * <pre>
 *  AAAAAAAA AAABBCCD EEEEFFGH IIJJKLMM
 *  A sync (all ones)  B version (00 MPEG-2.5, 10 MPEG-2, 11 MPEG-1)  C layer (01 = III)
 *  D no CRC  E bitrate index  F sample-rate index  G padding  H private  I channel mode ...
 * </pre>
 *
 * Only Layer III with a table bitrate is accepted (free format has no length in the header).
 */
record Mp3FrameHeader(int version, int sampleRate, int bitrateKbps, int frameLength, boolean mono) {
    static final int SIZE = 4;

    private static final int SYNC_MASK = 0xFFE0_0000;
    private static final int VERSION_MPEG1 = 3;
    private static final int VERSION_RESERVED = 1;
    private static final int LAYER_III = 1;
    private static final int CHANNEL_MODE_MONO = 3;
    private static final int[] BITRATES_MPEG1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1};
    private static final int[] BITRATES_MPEG2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1};
    private static final int[] RATES_MPEG1 = {44100, 48000, 32000};

    /** The header at {@code b[off..off+4)}, or null if those bytes are not a usable Layer III header. */
    static Mp3FrameHeader parse(byte[] b, int off) {
        int word = ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
        if ((word & SYNC_MASK) != SYNC_MASK) {
            return null;
        }
        int version = (word >>> 19) & 0x3;
        int layer = (word >>> 17) & 0x3;
        int bitrateIndex = (word >>> 12) & 0xF;
        int rateIndex = (word >>> 10) & 0x3;
        int padding = (word >>> 9) & 0x1;
        int channelMode = (word >>> 6) & 0x3;
        if (version == VERSION_RESERVED || layer != LAYER_III || rateIndex == 3) {
            return null;
        }
        int kbps = (version == VERSION_MPEG1 ? BITRATES_MPEG1 : BITRATES_MPEG2)[bitrateIndex];
        if (kbps <= 0) {
            return null;
        }
        // MPEG-2 halves and MPEG-2.5 quarters the MPEG-1 rates.
        int rate = RATES_MPEG1[rateIndex] >> (version == VERSION_MPEG1 ? 0 : version == 2 ? 1 : 2);
        // Layer III: 1152 samples per MPEG-1 frame, 576 for MPEG-2/2.5; 8 bits per byte.
        int coefficient = version == VERSION_MPEG1 ? 144 : 72;
        int length = coefficient * kbps * 1000 / rate + padding;
        return new Mp3FrameHeader(version, rate, kbps, length, channelMode == CHANNEL_MODE_MONO);
    }

    /** Same stream parameters: JLayer's strict sync after the first frame expects these to stay. */
    boolean sameStreamAs(Mp3FrameHeader other) {
        return version == other.version && sampleRate == other.sampleRate && mono == other.mono;
    }
}
