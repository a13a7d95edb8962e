package io.sayline.tools.analyse;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.packet.Rtp16;
import io.sayline.rtp.packet.Rtp32;
import io.sayline.rtp.packet.RtpPacket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the analyser learns about one RTP stream (source, destination, SSRC), packet by packet in capture
 * order.
 *
 * <ul>
 * <li>Sequence: a step of 1 is normal; 2..{@link #MAX_GAP} is a gap (the missing packets are counted as
 *     lost); anything else (duplicate, reorder, reset) is a jump.</li>
 * <li>Timestamp: within a talkspurt (consecutive sequence numbers, same G.711 payload type, no marker) each
 *     packet must advance by the previous packet's sample count (160 for 20 ms); otherwise a jump.</li>
 * <li>Inter-arrival: {@code |Δcapture time − 20 ms|} between packets with consecutive sequence numbers
 *     (a gap's interval says nothing about pacing).</li>
 * <li>Speech: G.711 frames whose decoded RMS exceeds {@link #SPEECH_DBFS}; a talkspurt is a run of them with
 *     consecutive sequence numbers, so a silent frame inside speech (an underrun) starts a new one.</li>
 * </ul>
 */
public final class StreamStats {
    static final int MAX_GAP = 100;
    static final double SPEECH_DBFS = -45.0;
    static final int SAMPLE_RATE = 8000;
    private static final double FULL_SCALE = 32768.0;

    final String source;
    final String destination;
    final int ssrc;

    long packets;
    final Map<Integer, Long> payloadTypes = new TreeMap<>();
    final Map<Integer, Long> payloadSizes = new TreeMap<>();
    long sequenceGaps;
    long lostPackets;
    long sequenceJumps;
    long timestampJumps;
    long markers;
    long speechSamples;
    long talkspurts;
    private double[] deviationsMs = new double[1024];
    /** The capture time of the packet that ended each interval of {@link #deviationsMs}. */
    private long[] deviationAtNanos = new long[1024];
    private int deviationCount;

    /** Decoded audio of the longest talkspurt, kept only when tone levels are asked for; else null. */
    private final LongestTalkspurt talkspurt;
    private short[] frame = new short[160];
    private boolean previousWasSpeech;

    private boolean hasPrevious;
    private int previousSequence;
    private int previousTimestamp;
    private int previousPayloadType;
    private int previousPayloadLength;
    private long previousArrivalNanos;

    StreamStats(String source, String destination, int ssrc) {
        this(source, destination, ssrc, false);
    }

    /** @param keepAudio keep the decoded longest talkspurt for {@link #talkspurt()} */
    StreamStats(String source, String destination, int ssrc, boolean keepAudio) {
        this.source = source;
        this.destination = destination;
        this.ssrc = ssrc;
        this.talkspurt = keepAudio ? new LongestTalkspurt() : null;
    }

    void add(long arrivalNanos, RtpPacket p) {
        packets++;
        int pt = p.payloadType();
        int length = p.payload().readableBytes();
        payloadTypes.merge(pt, 1L, Long::sum);
        payloadSizes.merge(length, 1L, Long::sum);
        if (p.marker()) {
            markers++;
        }
        G711Codec codec = g711(pt);
        boolean speech = codec != null && rmsDbfs(codec, p) > SPEECH_DBFS;
        if (speech) {
            speechSamples += length;
        }
        int step = hasPrevious ? Rtp16.diff(p.sequenceNumber(), previousSequence) : 1;
        if (step > 0) {
            boolean continues = speech && previousWasSpeech && step == 1 && pt == previousPayloadType;
            if (speech && !continues) {
                talkspurts++;
            }
            if (talkspurt != null) {
                if (!continues) {
                    talkspurt.end();
                }
                if (speech) {
                    talkspurt.append(frame, length);
                }
            }
            previousWasSpeech = speech;
        }
        if (hasPrevious) {
            if (step == 1) {
                addDeviation(arrivalNanos, Math.abs((arrivalNanos - previousArrivalNanos) / 1e6 - MediaFrame.MS));
                if (codec != null && pt == previousPayloadType && !p.marker()
                        && Rtp32.diff(p.timestamp(), previousTimestamp) != previousPayloadLength) {
                    timestampJumps++;
                }
            } else if (step > 1 && step <= MAX_GAP) {
                sequenceGaps++;
                lostPackets += step - 1;
            } else {
                sequenceJumps++;
            }
            if (step <= 0) {
                return; // an old packet: keep measuring against the newest one
            }
        }
        hasPrevious = true;
        previousSequence = p.sequenceNumber();
        previousTimestamp = p.timestamp();
        previousPayloadType = pt;
        previousPayloadLength = length;
        previousArrivalNanos = arrivalNanos;
    }

    public double speechSeconds() {
        return speechSamples / (double) SAMPLE_RATE;
    }

    public long packets() {
        return packets;
    }

    public long sequenceGaps() {
        return sequenceGaps;
    }

    public long lostPackets() {
        return lostPackets;
    }

    public long sequenceJumps() {
        return sequenceJumps;
    }

    public long timestampJumps() {
        return timestampJumps;
    }

    /** Runs of speech frames; more than the utterances played means silence broke into speech. */
    public long talkspurts() {
        return talkspurts;
    }

    public int deviationCount() {
        return deviationCount;
    }

    /** Every |inter-arrival − 20 ms| of this stream, in ms, in arrival order (a copy). */
    public double[] deviationsMs() {
        return Arrays.copyOf(deviationsMs, deviationCount);
    }

    /** When each of {@link #deviationsMs()} was measured: the capture time of the interval's second packet. */
    public long[] deviationTimesNanos() {
        return Arrays.copyOf(deviationAtNanos, deviationCount);
    }

    /** The q-quantile (0..1) of |inter-arrival − 20 ms| in ms, nearest-rank; NaN without samples. */
    public double deviationQuantileMs(double q) {
        double[] sorted = Arrays.copyOf(deviationsMs, deviationCount);
        Arrays.sort(sorted);
        return nearestRank(sorted, q);
    }

    /** |inter-arrival − 20 ms| over the intervals of several streams taken together, in ms. */
    public record Pooled(double p50, double p99, double p999, double max, int count) {
    }

    public static Pooled pooled(List<StreamStats> streams) {
        double[] all = new double[streams.stream().mapToInt(StreamStats::deviationCount).sum()];
        int filled = 0;
        for (StreamStats s : streams) {
            System.arraycopy(s.deviationsMs, 0, all, filled, s.deviationCount);
            filled += s.deviationCount;
        }
        Arrays.sort(all);
        return new Pooled(nearestRank(all, 0.5), nearestRank(all, 0.99), nearestRank(all, 0.999),
                nearestRank(all, 1.0), all.length);
    }

    /** The nearest-rank q-quantile of {@code sorted}; NaN when empty. */
    private static double nearestRank(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void addDeviation(long atNanos, double ms) {
        if (deviationCount == deviationsMs.length) {
            deviationsMs = Arrays.copyOf(deviationsMs, deviationCount * 2);
            deviationAtNanos = Arrays.copyOf(deviationAtNanos, deviationCount * 2);
        }
        deviationAtNanos[deviationCount] = atNanos;
        deviationsMs[deviationCount++] = ms;
    }

    private static G711Codec g711(int pt) {
        if (pt == G711Codec.PCMU.payloadType()) {
            return G711Codec.PCMU;
        }
        return pt == G711Codec.PCMA.payloadType() ? G711Codec.PCMA : null;
    }

    /** The longest talkspurt's decoded samples (empty if none); only for a stream made to keep audio. */
    short[] talkspurt() {
        return talkspurt == null ? new short[0] : talkspurt.samples();
    }

    /** Decodes the payload into {@link #frame} and returns its RMS level. */
    private double rmsDbfs(G711Codec codec, RtpPacket p) {
        int n = p.payload().readableBytes();
        if (n == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (frame.length < n) {
            frame = new short[n];
        }
        double sum = 0;
        int base = p.payload().readerIndex();
        for (int i = 0; i < n; i++) {
            short s = codec.decode(p.payload().getByte(base + i));
            frame[i] = s;
            sum += (double) s * s;
        }
        double rms = Math.sqrt(sum / n);
        return rms == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms / FULL_SCALE);
    }
}
