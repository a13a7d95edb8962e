package io.sayline.tools.e2e;

import io.sayline.core.testing.RtpCapture;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import java.util.Arrays;
import java.util.List;

/**
 * The audio frames of one utterance as the caller received them: the PCMU packets from the first to the
 * last non-silent one that arrived after a given instant. Sayline fills gaps with silence frames
 * (μ-law 0xFF decodes to 0), so "non-silent" is a low amplitude bar, not a speech detector.
 */
record Talkspurt(List<RtpCapture.Received> frames) {
    /** Mean absolute amplitude above which a frame carries audio rather than idle silence. */
    static final double NON_SILENT = 8;

    /** The talkspurt in {@code packets} that arrived after {@code fromNanos} (PCMU only; events excluded). */
    static Talkspurt after(List<RtpCapture.Received> packets, long fromNanos) {
        List<RtpCapture.Received> audio = packets.stream()
                .filter(p -> p.arrivalNanos() >= fromNanos && p.payloadType() == 0).toList();
        int first = -1;
        int last = -1;
        for (int i = 0; i < audio.size(); i++) {
            if (audio.get(i).level() > NON_SILENT) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return new Talkspurt(first < 0 ? List.of() : audio.subList(first, last + 1));
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    /** First to last non-silent frame, by sequence number span (gaps inside count: they were played). */
    long durationMs() {
        if (frames.isEmpty()) {
            return 0;
        }
        int span = (frames.get(frames.size() - 1).sequence() - frames.get(0).sequence()) & 0xFFFF;
        return (span + 1L) * MediaFrame.MS;
    }

    /**
     * Frames in the talkspurt that carry audio, i.e. are not the idle silence frame (every byte μ-law 0xFF)
     * Sayline sends on underrun: what the caller heard of the utterance itself.
     */
    long audioMs() {
        return frames.stream().filter(f -> !isIdleSilence(f)).count() * MediaFrame.MS;
    }

    /** How many of the newest PCMU packets in a row are quiet (level up to {@link #NON_SILENT}). */
    static int trailingQuietFrames(List<RtpCapture.Received> packets) {
        int quiet = 0;
        for (int i = packets.size() - 1; i >= 0; i--) {
            RtpCapture.Received packet = packets.get(i);
            if (packet.payloadType() != 0) {
                continue;
            }
            if (packet.level() > NON_SILENT) {
                break;
            }
            quiet++;
        }
        return quiet;
    }

    private static boolean isIdleSilence(RtpCapture.Received frame) {
        for (int i = 12; i < frame.data().length; i++) {
            if (frame.data()[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    long firstArrivalNanos() {
        return frames.get(0).arrivalNanos();
    }

    long lastArrivalNanos() {
        return frames.get(frames.size() - 1).arrivalNanos();
    }

    RtpCapture.Received last() {
        return frames.get(frames.size() - 1);
    }

    /** The median of the frames' peak amplitudes: the utterance's typical loudness. */
    int typicalPeak() {
        int[] peaks = frames.stream().mapToInt(f -> peak(f, 0, f.payloadLength())).sorted().toArray();
        return peaks.length == 0 ? 0 : peaks[peaks.length / 2];
    }

    /** Peak absolute amplitude of samples {@code from..to} (exclusive) of {@code frame}'s payload. */
    static int peak(RtpCapture.Received frame, int from, int to) {
        int peak = 0;
        for (int i = from; i < to; i++) {
            peak = Math.max(peak, Math.abs(G711Codec.PCMU.decode(frame.data()[12 + i])));
        }
        return peak;
    }

    /** Linear samples of one frame, for messages. */
    static String describe(RtpCapture.Received frame) {
        short[] samples = new short[frame.payloadLength()];
        G711Codec.PCMU.decode(frame.data(), 12, samples.length, samples, 0);
        return "seq " + frame.sequence() + " level " + Math.round(frame.level()) + " samples "
                + Arrays.toString(Arrays.copyOfRange(samples, samples.length - 40, samples.length));
    }
}
