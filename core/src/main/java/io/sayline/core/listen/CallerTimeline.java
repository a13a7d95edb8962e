package io.sayline.core.listen;

import io.netty.buffer.ByteBuf;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.packet.Rtp16;
import io.sayline.rtp.packet.Rtp32;
import io.sayline.rtp.packet.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's caller timeline: turns the caller's RTP audio packets into consecutive 20 ms {@link CallerFrame}s
 * and hands each to every subscribed {@link CallerFrameListener} (the audio forwarder of {@code listen}, the
 * transcriber...).
 *
 * <p>Frames are numbered from 0 (+1 per frame) and placed in milliseconds from the answer: the first frame
 * at the arrival of the first packet, each next one 20 ms later. The RTP timestamp decides where a packet's
 * samples go (RFC 3550 §5.1: it counts samples, so it works for any packetization, 10, 20 or 30 ms):
 * <ul>
 *   <li>a gap in timestamps (packets lost, or not sent: silence suppression) is filled with the codec's
 *       silence, and the frames it touches are marked {@link CallerFrame#lost() lost}: never skipped;</li>
 *   <li>a gap longer than {@value #MAX_FILL_MS} ms (a hold, a long silence suppression), a timestamp far in
 *       the past, or a new SSRC is a discontinuity: the timeline goes on from that packet without filling,
 *       its position taken from the arrival time so that it stays on the caller's clock;</li>
 *   <li>a frame is handed on as soon as it is complete (no reordering delay), so a packet that arrives after
 *       its place was passed (reordered) is dropped and counted late; its frame was already marked lost;</li>
 *   <li>a packet received twice (same sequence number within the last {@value #SEQUENCE_WINDOW}) is dropped and
 *       counted as a duplicate.</li>
 * </ul>
 *
 * <p>Threading: on the call loop only (guarded by call loop), like {@code Call.onAudio}. Nothing is
 * allocated per packet: one frame buffer is reused, so listeners copy what they keep.
 */
public final class CallerTimeline {
    private static final Logger log = LoggerFactory.getLogger(CallerTimeline.class);
    /** The longest gap filled with lost frames; beyond it the timeline restarts (discontinuity). */
    static final int MAX_FILL_MS = 5000;
    private static final int MAX_FILL_SAMPLES = MAX_FILL_MS * MediaFrame.SAMPLES_PER_MS;
    /** How many recent sequence numbers are remembered to recognise duplicates: one bit each in a long. */
    static final int SEQUENCE_WINDOW = Long.SIZE;

    private final LongSupplier nanos;
    private final ListenCounters counters;
    private final List<CallerFrameListener> listeners = new ArrayList<>(2);
    private final CallerFrame frame = new CallerFrame();

    // guarded by call loop
    private long originNanos;
    private boolean started;
    private int ssrc;
    private int nextTimestamp;
    private int highestSequence;
    private long sequencesSeen;
    private G711Codec codec;
    private int filled;
    private boolean frameLost;
    private long nextFrameSequence;
    private long framePositionMs;
    private long frames;
    private long lostFrames;
    private long latePackets;
    private long duplicatePackets;
    private long discontinuities;
    private long listenerFailures;

    /**
     * @param nanos    the monotonic clock the arrival times are read from
     * @param counters the process-wide counters to add to
     */
    public CallerTimeline(LongSupplier nanos, ListenCounters counters) {
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.originNanos = nanos.getAsLong();
    }

    /** Position 0 of the timeline: when the call was answered ({@code nanos} from the same clock). */
    public void answeredAt(long answerNanos) {
        originNanos = answerNanos;
    }

    /** Adds a listener; it hears frames from the next one on. */
    public void subscribe(CallerFrameListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void unsubscribe(CallerFrameListener listener) {
        listeners.remove(listener);
    }

    /** One received audio packet in {@code codec}; its payload is read now and not kept. */
    public void onAudio(RtpPacket packet, G711Codec codec) {
        ByteBuf payload = packet.payload();
        int length = payload.readableBytes(); // G.711: one byte per sample
        if (length == 0) {
            return;
        }
        this.codec = codec;
        if (!started || packet.ssrc() != ssrc) {
            restart(packet);
        } else if (isDuplicate(packet.sequenceNumber())) {
            duplicatePackets++;
            counters.duplicatePackets.increment();
            return;
        }
        int offset = Rtp32.diff(packet.timestamp(), nextTimestamp);
        if (offset > MAX_FILL_SAMPLES || offset + length < -MAX_FILL_SAMPLES) {
            restart(packet);
            offset = 0;
        }
        if (offset + length <= 0) {
            latePackets++;
            counters.latePackets.increment();
            return;
        }
        if (offset > 0) {
            fillLost(offset);
        }
        int skip = Math.max(0, -offset); // the part of a packet that overlaps what was already placed
        write(payload, payload.readerIndex() + skip, length - skip);
    }

    private void restart(RtpPacket packet) {
        if (started) {
            discontinuities++;
            counters.discontinuities.increment();
            if (filled > 0) {
                fillLost(MediaFrame.SAMPLES - filled); // the partial frame's rest never came
            }
        }
        long arrivalMs = TimeUnit.NANOSECONDS.toMillis(nanos.getAsLong() - originNanos);
        framePositionMs = Math.max(framePositionMs, arrivalMs);
        started = true;
        ssrc = packet.ssrc();
        nextTimestamp = packet.timestamp();
        highestSequence = packet.sequenceNumber();
        sequencesSeen = 1;
    }

    /** Remembers {@code sequence}; true when it was already received. */
    private boolean isDuplicate(int sequence) {
        int ahead = Rtp16.diff(sequence, highestSequence);
        if (ahead > 0) {
            sequencesSeen = ahead >= SEQUENCE_WINDOW ? 1 : (sequencesSeen << ahead) | 1;
            highestSequence = sequence;
            return false;
        }
        if (-ahead >= SEQUENCE_WINDOW) {
            return false; // too old to tell: the timestamp decides (late, or a restart)
        }
        long bit = 1L << -ahead;
        boolean seen = (sequencesSeen & bit) != 0;
        sequencesSeen |= bit;
        return seen;
    }

    private void fillLost(int samples) {
        while (samples > 0) {
            int count = Math.min(samples, MediaFrame.SAMPLES - filled);
            Arrays.fill(frame.buffer(), filled, filled + count, codec.silence());
            frameLost = true;
            advance(count);
            samples -= count;
        }
    }

    private void write(ByteBuf payload, int index, int samples) {
        while (samples > 0) {
            int count = Math.min(samples, MediaFrame.SAMPLES - filled);
            payload.getBytes(index, frame.buffer(), filled, count);
            index += count;
            advance(count);
            samples -= count;
        }
    }

    private void advance(int samples) {
        filled += samples;
        nextTimestamp = Rtp32.add(nextTimestamp, samples);
        if (filled == MediaFrame.SAMPLES) {
            emit();
        }
    }

    private void emit() {
        frame.set(nextFrameSequence, framePositionMs, frameLost, codec);
        frames++;
        counters.callerFrames.increment();
        if (frameLost) {
            lostFrames++;
            counters.callerFramesLost.increment();
        }
        for (int i = 0; i < listeners.size(); i++) {
            try {
                listeners.get(i).onCallerFrame(frame);
            } catch (RuntimeException e) {
                // One consumer's bug must not deprive the others of the caller's audio; logged once per call.
                if (listenerFailures++ == 0) {
                    log.warn("caller frame listener {} failed", listeners.get(i), e);
                }
            }
        }
        nextFrameSequence++;
        framePositionMs += MediaFrame.MS;
        filled = 0;
        frameLost = false;
    }

    /** This call's counts; on the loop. */
    public Stats stats() {
        return new Stats(frames, lostFrames, latePackets, duplicatePackets, discontinuities, listenerFailures);
    }

    /**
     * @param frames           20 ms frames handed on (received or lost)
     * @param lostFrames       of those, frames (partly) filled with silence
     * @param latePackets      packets dropped because their place had been passed
     * @param duplicatePackets packets dropped as already received
     * @param discontinuities  restarts: a new SSRC, or a timestamp jump too large to fill
     * @param listenerFailures exceptions thrown by listeners (caught)
     */
    public record Stats(long frames, long lostFrames, long latePackets, long duplicatePackets, long discontinuities,
                        long listenerFailures) {
    }
}
