package io.sayline.tools.elsim;

/**
 * Minimal G.711 encoder (ITU-T G.711, the classic Sun reference algorithm) so the simulator can answer
 * {@code ulaw_8000} / {@code alaw_8000}. Private to the simulator; the product's codec lives in module rtp.
 */
final class G711Encoder {
    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;
    /** A-law segment ends on the 13-bit magnitude (Sun g711.c seg_aend). */
    private static final int[] ALAW_SEGMENT_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    private G711Encoder() {
    }

    static byte[] ulaw(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = linearToUlaw(pcm[i]);
        }
        return out;
    }

    static byte[] alaw(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = linearToAlaw(pcm[i]);
        }
        return out;
    }

    static byte linearToUlaw(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        if (pcm > ULAW_CLIP) {
            pcm = ULAW_CLIP;
        }
        pcm += ULAW_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static byte linearToAlaw(short sample) {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int seg = segment(pcm);
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        return (byte) (aval ^ mask);
    }

    private static int segment(int value) {
        for (int i = 0; i < ALAW_SEGMENT_END.length; i++) {
            if (value <= ALAW_SEGMENT_END[i]) {
                return i;
            }
        }
        return ALAW_SEGMENT_END.length;
    }
}
