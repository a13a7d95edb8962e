package io.sayline.rtp.playout;

import io.sayline.rtp.g711.G711Codec;

/**
 * Linear gain ramps applied to G.711 frames in place (decode, scale, encode), so starting or stopping audio
 * mid-waveform never makes a hard edge — a click is what a listener notices first.
 */
final class Fades {
    private Fades() {
    }

    /**
     * Ramps {@code data[off .. off+rampLength)} from full gain to zero and fills the rest of the frame up to
     * {@code off+frameLength} with silence.
     */
    static void fadeOut(G711Codec codec, byte[] data, int off, int rampLength, int frameLength) {
        for (int i = 0; i < rampLength; i++) {
            int s = codec.decode(data[off + i]);
            data[off + i] = codec.encode((short) (s * (rampLength - 1 - i) / rampLength));
        }
        byte silence = codec.silence();
        for (int i = rampLength; i < frameLength; i++) {
            data[off + i] = silence;
        }
    }

    /** Ramps {@code data[off .. off+rampLength)} from near zero to full gain. */
    static void fadeIn(G711Codec codec, byte[] data, int off, int rampLength) {
        for (int i = 0; i < rampLength; i++) {
            int s = codec.decode(data[off + i]);
            data[off + i] = codec.encode((short) (s * (i + 1) / rampLength));
        }
    }
}
