package io.sayline.core.tts;

import io.sayline.rtp.transcode.AudioFormat;

/** How long a number of bytes of vendor audio plays: the clock alignment offsets are counted on. */
public final class AudioDuration {
    private static final int PCM_BYTES_PER_SAMPLE = 2;
    private static final int BYTES_PER_KILOBIT = 125;
    private static final long MS_PER_SECOND = 1000;

    private AudioDuration() {
    }

    /** Bytes per second of {@code format}; MP3 is taken at its nominal (constant) bitrate. */
    public static long bytesPerSecond(AudioFormat format) {
        return switch (format.encoding()) {
            case PCM_S16LE -> (long) format.sampleRate() * PCM_BYTES_PER_SAMPLE;
            case ULAW, ALAW -> format.sampleRate();
            case MP3 -> (long) format.bitrateKbps() * BYTES_PER_KILOBIT;
        };
    }

    public static long millis(AudioFormat format, long bytes) {
        return bytes * MS_PER_SECOND / bytesPerSecond(format);
    }
}
