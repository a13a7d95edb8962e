package io.sayline.rtp.playout;

import io.sayline.config.PlayoutConfig;
import io.sayline.rtp.MediaCounters;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-call buffer between the TTS pipeline and the pacer: G.711 frames in, one frame per 20 ms tick out.
 *
 * <p><b>Start threshold.</b> After silence, playout starts once {@code startMs} of audio is queued or the
 * utterance's end is known. With {@code adaptive}, each underrun raises the threshold by 40 ms (up to
 * {@code maxMs}); every 5 s of playout during which the vendor stays ahead lowers it by 20 ms, back to
 * {@code startMs}: a slow vendor costs latency once, not a stutter every sentence.
 *
 * <p><b>Hold.</b> With {@code holdMs}, the first audio of an utterance also waits that long before it plays
 * (unless the whole utterance is already queued). That is the classic jitter-buffer playout delay: a vendor
 * that streams 200 ms chunks 1.2× faster than real time but delivers any one of them up to 150 ms late needs
 * about 120 ms of it, or the second chunk is due before it arrives. Only the start of an utterance is held;
 * after an underrun the start threshold alone decides.
 *
 * <p><b>No hard edges.</b> When the frame handed out is the last one queued and its utterance has not ended,
 * it is faded out over the whole frame (the buffer cannot know whether audio will arrive in time, and a
 * fade that turns out unnecessary is inaudible next to a click); the next audio after it fades back in.
 * {@link #clear()} (barge-in) fades the next frame out over its first 10 ms and drops everything else
 * queued. Fades decode, scale and re-encode the G.711 samples.
 *
 * <p><b>Back-pressure.</b> {@link #isFull()} once {@code maxMs} of audio is queued; {@link
 * PlayoutListener#writable()} fires when it has drained to half of that. Audio is never dropped: beyond
 * {@code maxMs} the ring grows (an allocation only when the producer ignores back-pressure) up to a hard
 * cap of {@link #HARD_CAP_FRAMES}, beyond which {@link #offer} returns false and counts the refusal.
 *
 * <p><b>Events</b> go to the {@link PlayoutListener} from {@link #next()}, as the frame they concern is
 * handed out, so "played" always means "sent".
 *
 * <p>Threading: not thread-safe; every method runs on the call's event loop. Steady state allocates nothing
 * per frame (a pre-allocated ring, a reused {@link Frame}); marks and utterance ends allocate one small
 * entry each.
 */
public final class PlayoutBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(PlayoutBuffer.class);
    /** Barge-in fades out within 10 ms. */
    public static final int CLEAR_FADE_SAMPLES = 80;
    /** Most frames the ring ever holds (30 s), whatever the producer does. */
    public static final int HARD_CAP_FRAMES = 1500;
    /** Ring slots allocated beyond {@code maxMs}, so a producer a chunk late with back-pressure never grows it. */
    static final int SLACK_FRAMES = 50;
    /** Adaptive growth per underrun: two frames. */
    static final int GROWTH_FRAMES = 2;
    /** Underrun-free frames played (vendor ahead) before the threshold shrinks by one frame: 5 s. */
    static final int DECAY_INTERVAL_FRAMES = 250;

    /** What {@link #next()} hands out. */
    public enum Kind {
        /** Audio to send. */
        AUDIO,
        /** Nothing to play inside an utterance (an underrun or the start threshold not yet reached). */
        SILENCE,
        /** Nothing to play and no utterance in progress. */
        IDLE
    }

    private enum State {
        /** Waiting for the start threshold; sends silence/idle. */
        WAITING,
        /** Handing out queued audio. */
        PLAYING
    }

    /**
     * The reused result of {@link #next()}: valid until the next call. {@link #data()} from {@link #offset()}
     * holds {@link MediaFrame#BYTES} G.711 bytes (codec silence unless {@link #kind()} is AUDIO).
     */
    public static final class Frame {
        private Kind kind = Kind.IDLE;
        private boolean marker;
        private Object tag;
        private byte[] data;
        private int offset;

        public Kind kind() {
            return kind;
        }

        public boolean isAudio() {
            return kind == Kind.AUDIO;
        }

        /** True when this frame starts a talkspurt: RTP marker bit (RFC 3551 §4.1). */
        public boolean marker() {
            return marker;
        }

        /** The utterance this audio belongs to, or null. */
        public Object tag() {
            return tag;
        }

        public byte[] data() {
            return data;
        }

        public int offset() {
            return offset;
        }

        private Frame set(Kind kind, boolean marker, Object tag, byte[] data, int offset) {
            this.kind = kind;
            this.marker = marker;
            this.tag = tag;
            this.data = data;
            this.offset = offset;
            return this;
        }
    }

    private record Event(long position, boolean end, Object tagOrName) {
    }

    private final G711Codec codec;
    private final PlayoutListener listener;
    private final boolean adaptive;
    private final int startFrames;
    private final int holdTicks;
    private final int maxFrames;
    private final int lowWaterFrames;
    private final byte[] silenceFrame;
    private final Frame out = new Frame();
    private final ArrayDeque<Event> events = new ArrayDeque<>();

    // guarded by call loop
    private byte[] ring;
    private Object[] tags;
    private int capacity;
    private int head;
    private int depth;
    private long enqueued;
    private long dequeued;
    private long lastEndPosition = -1;
    private State state = State.WAITING;
    private int thresholdFrames;
    private int heldTicks;
    private Object currentTag;
    private int framesOfCurrent;
    private boolean lastWasAudio;
    private Object lastTag;
    private boolean fadeInNext;
    private boolean interruptAfterNext;
    private boolean inUnderrun;
    private boolean full;
    private int framesSinceUnderrun;

    private long framesPlayed;
    private long underruns;
    private long underrunFrames;
    private int maxDepth;
    private long rejectedFrames;
    private long listenerFailures;
    private final MediaCounters counters;

    public PlayoutBuffer(PlayoutConfig config, G711Codec codec, PlayoutListener listener) {
        this(config, codec, listener, new MediaCounters());
    }

    /** @param counters the process-wide counters that underruns and refused frames are added to as well */
    public PlayoutBuffer(PlayoutConfig config, G711Codec codec, PlayoutListener listener, MediaCounters counters) {
        Objects.requireNonNull(config, "config");
        this.counters = Objects.requireNonNull(counters, "counters");
        if (config.startMs() < 0) {
            throw new IllegalArgumentException("playout.startMs must be >= 0, was " + config.startMs());
        }
        if (config.holdMs() < 0) {
            throw new IllegalArgumentException("playout.holdMs must be >= 0, was " + config.holdMs());
        }
        if (config.maxMs() < Math.max(MediaFrame.MS, config.startMs())) {
            throw new IllegalArgumentException("playout.maxMs must be >= 20 and >= startMs, was " + config.maxMs());
        }
        this.codec = Objects.requireNonNull(codec, "codec");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.adaptive = config.adaptive();
        this.startFrames = Math.max(1, (config.startMs() + MediaFrame.MS - 1) / MediaFrame.MS);
        this.maxFrames = Math.max(1, config.maxMs() / MediaFrame.MS);
        this.lowWaterFrames = maxFrames / 2;
        this.thresholdFrames = startFrames;
        this.holdTicks = (config.holdMs() + MediaFrame.MS - 1) / MediaFrame.MS;
        this.capacity = Math.min(HARD_CAP_FRAMES, maxFrames + SLACK_FRAMES);
        this.ring = new byte[capacity * MediaFrame.BYTES];
        this.tags = new Object[capacity];
        this.silenceFrame = new byte[MediaFrame.BYTES];
        Arrays.fill(silenceFrame, codec.silence());
    }

    /** Queues one 160-byte G.711 frame of utterance {@code tag}; false only past the hard cap (counted). */
    public boolean offer(byte[] frame, Object tag) {
        return offer(frame, 0, tag);
    }

    /** Queues {@code frame[off .. off+160)} of utterance {@code tag}; false only past the hard cap (counted). */
    public boolean offer(byte[] frame, int off, Object tag) {
        Objects.checkFromIndexSize(off, MediaFrame.BYTES, frame.length);
        if (depth == capacity && !grow()) {
            rejectedFrames++;
            counters.playoutRejectedFrames.increment();
            return false;
        }
        int slot = (head + depth) % capacity;
        System.arraycopy(frame, off, ring, slot * MediaFrame.BYTES, MediaFrame.BYTES);
        tags[slot] = tag;
        depth++;
        enqueued++;
        maxDepth = Math.max(maxDepth, depth);
        if (depth >= maxFrames) {
            full = true;
        }
        return true;
    }

    /** The utterance {@code tag} has no more audio: it may start playing below the threshold, and ends here. */
    public void endOfUtterance(Object tag) {
        lastEndPosition = enqueued;
        events.add(new Event(enqueued, true, tag));
    }

    /** Reports {@code name} through {@link PlayoutListener#markReached} once everything queued so far is sent. */
    public void mark(String name) {
        events.add(new Event(enqueued, false, Objects.requireNonNull(name, "name")));
    }

    /** True once {@code maxMs} of audio is queued: stop feeding until {@link PlayoutListener#writable()}. */
    public boolean isFull() {
        return depth >= maxFrames;
    }

    /**
     * Barge-in: the next frame fades out over its first 10 ms, everything else queued (audio, marks, utterance
     * ends) is dropped. The playing utterance is reported interrupted when that fade frame is sent; queued
     * utterances that never started are reported interrupted with 0 frames now.
     */
    public void clear() {
        boolean fade = state == State.PLAYING && lastWasAudio && depth > 0
                && currentTag != null && currentTag.equals(tags[head]);
        int keep = fade ? 1 : 0;
        Object reported = currentTag;
        for (int i = keep; i < depth; i++) {
            int slot = (head + i) % capacity;
            Object tag = tags[slot];
            if (tag != null && !tag.equals(reported)) {
                reported = tag;
                fire(tag, 0, EventKind.INTERRUPTED);
            }
            tags[slot] = null;
        }
        for (Event e : events) {
            if (e.end() && !e.tagOrName().equals(reported) && !e.tagOrName().equals(currentTag)) {
                reported = e.tagOrName();
                fire(e.tagOrName(), 0, EventKind.INTERRUPTED);
            }
        }
        events.clear();
        enqueued -= depth - keep;
        depth = keep;
        if (fade) {
            // After a predictive fade-out the wire is already at zero: the last frame becomes plain silence.
            Fades.fadeOut(codec, ring, head * MediaFrame.BYTES, fadeInNext ? 0 : CLEAR_FADE_SAMPLES, MediaFrame.BYTES);
            interruptAfterNext = true;
            lastEndPosition = enqueued;
        } else {
            lastEndPosition = -1;
            if (currentTag != null) {
                Object tag = currentTag;
                currentTag = null;
                fire(tag, framesOfCurrent, EventKind.INTERRUPTED);
            }
            state = State.WAITING;
            inUnderrun = false;
            heldTicks = 0;
        }
        fadeInNext = false;
        checkWritable();
    }

    /**
     * The frame for this tick; call exactly once per 20 ms slot and send AUDIO frames in the same tick. Fires
     * the listener events that this frame completes.
     */
    public Frame next() {
        fireDueEvents();
        if (state == State.WAITING && depth > 0 && mayStart()) {
            state = State.PLAYING;
            heldTicks = 0;
        }
        if (state == State.PLAYING && depth > 0) {
            return handOutHead();
        }
        state = State.WAITING;
        lastWasAudio = false;
        if (currentTag == null) {
            return out.set(Kind.IDLE, false, null, silenceFrame, 0);
        }
        underrunFrames++;
        counters.underrunFrames.increment();
        if (!inUnderrun) {
            inUnderrun = true;
            underruns++;
            counters.underruns.increment();
            framesSinceUnderrun = 0;
            if (adaptive) {
                thresholdFrames = Math.min(maxFrames, thresholdFrames + GROWTH_FRAMES);
            }
            fire(currentTag, 0, EventKind.UNDERRUN);
        }
        return out.set(Kind.SILENCE, false, currentTag, silenceFrame, 0);
    }

    /** Called once per tick while waiting with audio queued: counts the ticks the utterance's start is held. */
    private boolean mayStart() {
        if (lastEndPosition > dequeued) {
            return true; // the whole utterance is here: nothing to wait for
        }
        boolean utteranceStart = currentTag == null;
        if (utteranceStart) {
            heldTicks++;
        }
        return depth >= thresholdFrames && (!utteranceStart || heldTicks > holdTicks);
    }

    private Frame handOutHead() {
        int slot = head;
        int off = slot * MediaFrame.BYTES;
        Object tag = tags[slot];
        boolean marker = !lastWasAudio || !Objects.equals(tag, lastTag);
        if (!Objects.equals(tag, currentTag)) {
            if (currentTag != null) {
                // The producer started a new utterance without ending the previous one: end it implicitly.
                fire(currentTag, framesOfCurrent, EventKind.FINISHED);
            }
            currentTag = tag;
            framesOfCurrent = 0;
            fire(tag, 0, EventKind.STARTED);
        }
        if (fadeInNext) {
            Fades.fadeIn(codec, ring, off, MediaFrame.BYTES);
            fadeInNext = false;
        }
        tags[slot] = null;
        head = (head + 1) % capacity;
        depth--;
        dequeued++;
        framesPlayed++;
        framesOfCurrent++;
        inUnderrun = false;
        if (depth == 0 && lastEndPosition < dequeued && !interruptAfterNext) {
            Fades.fadeOut(codec, ring, off, MediaFrame.BYTES, MediaFrame.BYTES);
            fadeInNext = true;
        }
        lastWasAudio = true;
        lastTag = tag;
        if (depth > 0 && ++framesSinceUnderrun >= DECAY_INTERVAL_FRAMES) {
            framesSinceUnderrun = 0;
            if (adaptive && thresholdFrames > startFrames) {
                thresholdFrames--;
            }
        }
        out.set(Kind.AUDIO, marker, tag, ring, off);
        if (interruptAfterNext) {
            interruptAfterNext = false;
            Object interrupted = currentTag;
            currentTag = null;
            fire(interrupted, framesOfCurrent, EventKind.INTERRUPTED);
        }
        fireDueEvents();
        checkWritable();
        return out;
    }

    private void fireDueEvents() {
        while (!events.isEmpty() && events.peekFirst().position() <= dequeued) {
            Event e = events.pollFirst();
            if (!e.end()) {
                fire(e.tagOrName(), 0, EventKind.MARK);
            } else if (Objects.equals(e.tagOrName(), currentTag)) {
                currentTag = null;
                fire(e.tagOrName(), framesOfCurrent, EventKind.FINISHED);
            } else {
                fire(e.tagOrName(), 0, EventKind.FINISHED);
            }
        }
    }

    private void checkWritable() {
        if (full && depth <= lowWaterFrames) {
            full = false;
            fire(null, 0, EventKind.WRITABLE);
        }
    }

    private boolean grow() {
        if (capacity >= HARD_CAP_FRAMES) {
            return false;
        }
        int newCapacity = Math.min(HARD_CAP_FRAMES, capacity * 2);
        byte[] newRing = new byte[newCapacity * MediaFrame.BYTES];
        Object[] newTags = new Object[newCapacity];
        for (int i = 0; i < depth; i++) {
            int slot = (head + i) % capacity;
            System.arraycopy(ring, slot * MediaFrame.BYTES, newRing, i * MediaFrame.BYTES, MediaFrame.BYTES);
            newTags[i] = tags[slot];
        }
        LOG.debug("playout ring grew from {} to {} frames (producer ignored back-pressure)", capacity, newCapacity);
        ring = newRing;
        tags = newTags;
        capacity = newCapacity;
        head = 0;
        return true;
    }

    private enum EventKind { STARTED, FINISHED, INTERRUPTED, MARK, UNDERRUN, WRITABLE }

    private void fire(Object subject, int frames, EventKind kind) {
        try {
            switch (kind) {
                case STARTED -> listener.utteranceStarted(subject);
                case FINISHED -> listener.utteranceFinished(subject, frames);
                case INTERRUPTED -> listener.utteranceInterrupted(subject, frames);
                case MARK -> listener.markReached((String) subject);
                case UNDERRUN -> listener.underrun(subject);
                case WRITABLE -> listener.writable();
                default -> throw new AssertionError(kind);
            }
        } catch (RuntimeException e) {
            // A failing listener must not corrupt the buffer mid-tick or stop the pacer: count and go on.
            listenerFailures++;
            LOG.warn("playout listener failed event={} error={}", kind, e.toString(), e);
        }
    }

    /** Audio queued now, in frames. */
    public int depthFrames() {
        return depth;
    }

    /** The current start threshold, ms. */
    public int startThresholdMs() {
        return thresholdFrames * MediaFrame.MS;
    }

    /** Listener calls that threw. */
    public long listenerFailures() {
        return listenerFailures;
    }

    public G711Codec codec() {
        return codec;
    }

    public PlayoutStats stats() {
        return new PlayoutStats(framesPlayed, underruns, underrunFrames * MediaFrame.MS, depth * MediaFrame.MS,
                maxDepth * MediaFrame.MS, thresholdFrames * MediaFrame.MS, rejectedFrames);
    }
}
