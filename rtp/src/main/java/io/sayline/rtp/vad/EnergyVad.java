package io.sayline.rtp.vad;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import java.util.Objects;

/**
 * An energy voice activity detector for barge-in: tells when the caller starts to speak over the bot.
 *
 * <p>Each received G.711 packet is decoded sample by sample and its energy taken as the RMS of the
 * 16-bit samples in dBFS, relative to a full-scale square wave (RMS 32768): a full-scale sine is −3 dBFS,
 * digital silence −∞. A packet at or above {@code thresholdDbfs} is loud. When loud packets have followed one
 * another for at least {@code minSpeechMs} of audio, {@link #onFrame} returns true once: a speech onset.
 * It stays silent until packets below the threshold have lasted {@code hangoverMs}, then re-arms, so one
 * sentence with short pauses between words is one onset, and a click shorter than {@code minSpeechMs} none.
 *
 * <p>The comparison is done on the mean square, against the threshold converted once in the constructor,
 * so a packet costs one table look-up and one multiply-add per sample and allocates nothing. Durations come
 * from the number of samples at 8 kHz (160 bytes = 20 ms), so other packet sizes are measured right too.
 *
 * <p>Not thread-safe: one per call, used on the call loop.
 */
public final class EnergyVad {
    /** RMS of a full-scale 16-bit square wave: the 0 dBFS reference. */
    static final double FULL_SCALE = 32768.0;

    private final int thresholdDbfs;
    private final int minSpeechMs;
    private final int hangoverMs;
    private final double thresholdMeanSquare;
    private final long minSpeechSamples;
    private final long hangoverSamples;

    // guarded by call loop
    private long loudSamples;
    private long quietSamples;
    private boolean armed = true;
    private long onsets;

    /**
     * @param thresholdDbfs frame energy at or above which a frame is speech; must be ≤ 0
     * @param minSpeechMs   how long speech must last before it is an onset; must be > 0
     * @param hangoverMs    how long the energy must stay below the threshold before the next onset; must be ≥ 0
     */
    public EnergyVad(int thresholdDbfs, int minSpeechMs, int hangoverMs) {
        if (thresholdDbfs > 0) {
            throw new IllegalArgumentException("thresholdDbfs must be <= 0, was " + thresholdDbfs);
        }
        if (minSpeechMs <= 0) {
            throw new IllegalArgumentException("minSpeechMs must be > 0, was " + minSpeechMs);
        }
        if (hangoverMs < 0) {
            throw new IllegalArgumentException("hangoverMs must be >= 0, was " + hangoverMs);
        }
        this.thresholdDbfs = thresholdDbfs;
        this.minSpeechMs = minSpeechMs;
        this.hangoverMs = hangoverMs;
        // dBFS = 10·log10(meanSquare / 32768²), solved for meanSquare.
        this.thresholdMeanSquare = FULL_SCALE * FULL_SCALE * Math.pow(10, thresholdDbfs / 10.0);
        this.minSpeechSamples = (long) minSpeechMs * MediaFrame.SAMPLES_PER_MS;
        this.hangoverSamples = (long) hangoverMs * MediaFrame.SAMPLES_PER_MS;
    }

    /**
     * Feeds one received audio packet's payload.
     *
     * @return true exactly once per speech onset: on the packet with which the energy has stayed at or above
     *         the threshold for {@code minSpeechMs}
     */
    public boolean onFrame(byte[] payload, int offset, int length, G711Codec codec) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length == 0) {
            return false;
        }
        double sumOfSquares = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int sample = codec.decode(payload[i]);
            sumOfSquares += (double) sample * sample;
        }
        if (sumOfSquares >= thresholdMeanSquare * length) {
            return onLoud(length);
        }
        onQuiet(length);
        return false;
    }

    private boolean onLoud(int samples) {
        quietSamples = 0;
        loudSamples += samples;
        if (armed && loudSamples >= minSpeechSamples) {
            armed = false;
            onsets++;
            return true;
        }
        return false;
    }

    private void onQuiet(int samples) {
        loudSamples = 0;
        quietSamples += samples;
        if (!armed && quietSamples >= hangoverSamples) {
            armed = true;
        }
    }

    /** Forgets the current run of loud or quiet frames and re-arms; {@link #onsets()} keeps counting. */
    public void reset() {
        loudSamples = 0;
        quietSamples = 0;
        armed = true;
    }

    /** Speech onsets reported since construction. */
    public long onsets() {
        return onsets;
    }

    public int thresholdDbfs() {
        return thresholdDbfs;
    }

    public int minSpeechMs() {
        return minSpeechMs;
    }

    public int hangoverMs() {
        return hangoverMs;
    }

    @Override
    public String toString() {
        return "EnergyVad[" + thresholdDbfs + " dBFS, " + minSpeechMs + " ms, hangover " + hangoverMs + " ms]";
    }
}
