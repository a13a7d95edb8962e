package io.sayline.core.speech;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Event.InterruptReason;
import io.sayline.core.control.protocol.Interruptible;
import io.sayline.core.control.protocol.ProtocolErrorCode;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsSession;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.transcode.AudioFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A call's speech: turns the bot's {@code say} commands into vendor utterances, feeds their frames to
 * the playout buffer strictly in order, and reports what was actually played.
 *
 * <p>Every utterance is handed to the vendor as soon as its first text arrives, so the next one is
 * synthesized while the current one plays; its frames are held until every earlier utterance has been
 * queued for playout. Events ({@code speech.started}, {@code speech.done}, marks) come from the playout
 * side, i.e. from frames on the wire, never from frames received.
 *
 * <p>Threading: every method runs on the call loop (// guarded by call loop).
 */
public final class Speaker {
    private static final int REMEMBERED_CANCELLED_IDS = 32;
    /** Utterances said and not yet done, at most: minutes of speech queued is already more than a turn. */
    static final int MAX_LIVE_UTTERANCES = 64;
    /** Marks waiting for playout to reach them, at most. */
    static final int MAX_PENDING_MARKS = 256;
    /** Text not yet played, at most, as a multiple of the advisory {@code control.maxBufferedChars}. */
    static final int TEXT_HARD_LIMIT_FACTOR = 16;

    private TtsSession tts;
    private AudioFormat vendorFormat;
    private final FrameOutput out;
    private final Consumer<Event> events;
    private final Executor callLoop;
    private final G711Codec codec;
    private final LongSupplier nanoClock;
    private final Backpressure backpressure;
    private final SpeechCounters counters;

    /** Utterances not yet reported done, in speaking order. */
    private final Deque<SpokenUtterance> live = new ArrayDeque<>();
    /** The prefix of {@link #live} whose frames are not all queued for playout yet. */
    private final Deque<SpokenUtterance> feeding = new ArrayDeque<>();
    /** Marks placed after an utterance that is still feeding, keyed by that utterance. */
    private final Map<SpokenUtterance, List<String>> marksAfter = new HashMap<>();
    /** Utterances cut off while the playout buffer held their frames: reported when it says how many played. */
    private final Set<SpokenUtterance> interrupting = new HashSet<>();
    private final Set<String> cancelledIds = new LinkedHashSet<>();
    private SpokenUtterance open;
    private int generatedIds;
    private final long maxTextChars;
    /** Marks stored in {@link #marksAfter} or the playout buffer, not reported yet. */
    private int pendingMarks;

    /**
     * @param maxBufferedChars text received but not yet played beyond which the bot is asked to pause
     *                         ({@code backpressure}); text is never dropped
     * @param counters         the process-wide counts this speaker adds its frames to
     */
    public Speaker(TtsSession tts, FrameOutput out, Consumer<Event> events, Executor callLoop,
            AudioFormat vendorFormat, G711Codec codec, LongSupplier nanoClock, int maxBufferedChars,
            SpeechCounters counters) {
        this.tts = tts;
        this.out = out;
        this.events = events;
        this.callLoop = callLoop;
        this.vendorFormat = vendorFormat;
        this.codec = codec;
        this.nanoClock = nanoClock;
        this.backpressure = new Backpressure(maxBufferedChars, events);
        this.maxTextChars = (long) maxBufferedChars * TEXT_HARD_LIMIT_FACTOR;
        this.counters = counters;
    }

    /**
     * Utterances started from now on speak through {@code session} (the bot's {@code configure}); those
     * already started finish on the session they began with.
     */
    public void useTts(TtsSession session, AudioFormat format) {
        this.tts = session;
        this.vendorFormat = format;
    }

    /**
     * The bot's {@code say}. Text with the id of the open utterance (or with no id while one is open)
     * continues it; otherwise a new utterance starts. {@code last} closes it.
     *
     * @return the utterance id the text went to (generated when the bot gave none)
     */
    public String say(Command.Say say) {
        String utteranceId = say.utteranceId();
        String text = say.text();
        if (utteranceId != null && cancelledIds.contains(utteranceId)) {
            return utteranceId; // tokens of an utterance the bot or the caller already cut off
        }
        SpokenUtterance target = open;
        if (target == null || (utteranceId != null && !utteranceId.equals(target.id))) {
            if (target != null) {
                finishText(target); // a new id closes the previous open utterance
            }
            if (live.size() >= MAX_LIVE_UTTERANCES) {
                String refusedId = utteranceId != null ? utteranceId : "u" + (++generatedIds);
                rememberCancelled(refusedId); // its further tokens are dropped quietly
                refuse(Command.Say.TYPE, MAX_LIVE_UTTERANCES + " utterances are queued and not done; '" + refusedId
                        + "' is not spoken");
                return refusedId;
            }
            target = begin(utteranceId, say.interruptible(), say.preemptible());
        }
        if (!text.isEmpty()) {
            if (backpressure.buffered() + text.length() > maxTextChars) {
                if (!target.textRefused) {
                    target.textRefused = true; // told once per utterance, however many tokens follow
                    refuse(Command.Say.TYPE, "more than " + maxTextChars + " characters wait to be spoken; text of '"
                            + target.id + "' is dropped from here");
                }
                return target.id;
            }
            target.text.append(text);
            target.vendor.append(text);
            backpressure.add(text.length());
        }
        if (say.last()) {
            finishText(target);
        }
        return target.id;
    }

    private SpokenUtterance begin(String utteranceId, Interruptible interruptible, boolean preemptible) {
        String id = utteranceId != null ? utteranceId : "u" + (++generatedIds);
        if (!live.isEmpty() && live.stream().allMatch(u -> u.preemptible)) {
            cut(InterruptReason.PREEMPTED);
        }
        SpokenUtterance utterance = new SpokenUtterance(id, interruptible,
                preemptible, nanoClock.getAsLong());
        utterance.vendor = tts.start(id, new VendorStream(this, utterance, callLoop, vendorFormat, codec, nanoClock,
                counters));
        live.add(utterance);
        feeding.add(utterance);
        open = utterance;
        return utterance;
    }

    private void finishText(SpokenUtterance utterance) {
        utterance.lastTextReceived = true;
        utterance.vendor.finish();
        if (open == utterance) {
            open = null;
        }
    }

    /** The bot's {@code mark}: reported when playout reaches everything said before it. */
    public void mark(String name) {
        if (live.isEmpty()) {
            events.accept(new Event.Mark(name)); // nothing to wait for
            return;
        }
        if (pendingMarks >= MAX_PENDING_MARKS) {
            refuse(Command.Mark.TYPE, MAX_PENDING_MARKS + " marks wait for playout; '" + name + "' is not placed");
            return;
        }
        pendingMarks++;
        placeMark(name);
    }

    /** A mark reached playout and was reported (PlayoutListener): one fewer waiting. */
    public void markReported() {
        pendingMarks = Math.max(0, pendingMarks - 1);
    }

    private void placeMark(String name) {
        SpokenUtterance lastFeeding = feeding.peekLast();
        if (lastFeeding != null) {
            marksAfter.computeIfAbsent(lastFeeding, u -> new ArrayList<>()).add(name);
        } else if (live.isEmpty()) {
            events.accept(new Event.Mark(name));
        } else {
            out.mark(name);
        }
    }

    /** The bot's {@code clear}: always obeyed. */
    public void clear() {
        cut(InterruptReason.CLEAR);
    }

    /**
     * The caller interrupted ({@code dtmf} or {@code speech}): obeyed when the utterance playing now
     * (or next to play) allows that reason.
     *
     * @return whether anything was interrupted
     */
    public boolean callerInterrupted(InterruptReason reason) {
        return callerInterrupted(reason, null);
    }

    /**
     * As {@link #callerInterrupted(InterruptReason)}, naming the caller's transcript that cut the utterance
     * (barge-in by words): {@code speech.interrupted} carries it.
     */
    public boolean callerInterrupted(InterruptReason reason, String transcript) {
        SpokenUtterance current = live.peekFirst();
        if (current == null || !current.interruptibleBy(reason)) {
            return false;
        }
        cut(reason, transcript);
        return true;
    }

    /** Whether anything is being spoken or waits to be. */
    public boolean speaking() {
        return !live.isEmpty();
    }

    /** Ends everything without events (call teardown). */
    public void close() {
        for (SpokenUtterance utterance : live) {
            utterance.cancelled = true;
            utterance.vendor.cancel();
        }
        live.clear();
        feeding.clear();
        marksAfter.clear();
        pendingMarks = 0;
        interrupting.clear();
        open = null;
    }

    private void cut(InterruptReason reason) {
        cut(reason, null);
    }

    private void cut(InterruptReason reason, String transcript) {
        if (live.isEmpty()) {
            return;
        }
        // Forget everything cut before clearing the buffer: its clear() calls back at once (writable(),
        // utteranceInterrupted()), and a pump then must find nothing left to offer.
        List<SpokenUtterance> cutOff = List.copyOf(live);
        live.clear();
        feeding.clear();
        marksAfter.clear();
        pendingMarks = 0; // the playout buffer drops the marks it holds with the audio
        open = null;
        for (SpokenUtterance utterance : cutOff) {
            utterance.cancelled = true;
            utterance.held.clear();
            utterance.interruptReason = reason;
            utterance.interruptTranscript = transcript;
            rememberCancelled(utterance.id);
            if (utterance.framesOffered > 0) {
                interrupting.add(utterance); // reported when the buffer says how many frames played
            }
        }
        out.clear();
        for (SpokenUtterance utterance : cutOff) {
            utterance.vendor.cancel();
            if (utterance.framesOffered == 0) {
                interrupted(utterance, reason, 0); // the buffer never saw it
            }
        }
    }

    private void interrupted(SpokenUtterance utterance, InterruptReason reason, int framesPlayed) {
        utterance.framesPlayed = framesPlayed;
        HeardText heard = HeardText.of(utterance);
        events.accept(new Event.SpeechInterrupted(utterance.id, reason, heard.text(), utterance.playedMs(),
                heard.estimated() ? Boolean.TRUE : null, utterance.interruptTranscript));
        backpressure.release(utterance.text.length());
    }

    /** A per-call bound refused the bot's command: it is told, the call goes on, the refusal is counted. */
    private void refuse(String commandType, String why) {
        counters.commandsRefused.increment();
        events.accept(Event.Error.of(ProtocolErrorCode.LIMIT_REACHED, why, commandType));
    }

    private void rememberCancelled(String id) {
        cancelledIds.add(id);
        if (cancelledIds.size() > REMEMBERED_CANCELLED_IDS) {
            Iterator<String> oldest = cancelledIds.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    // ---- from the vendor side (VendorStream hands these to the call loop) ----

    void requestSent(SpokenUtterance utterance, long nanos) {
        if (utterance.requestNanos < 0) {
            utterance.requestNanos = nanos;
        }
    }

    void firstByte(SpokenUtterance utterance, long nanos) {
        if (utterance.firstByteNanos < 0) {
            utterance.firstByteNanos = nanos;
        }
    }

    void framesArrived(SpokenUtterance utterance, List<byte[]> frames) {
        counters.framesReceived.add(frames.size());
        if (utterance.cancelled) {
            counters.framesStale.add(frames.size()); // cancel reaches the vendor a moment after the cut
            return;
        }
        utterance.framesProduced += frames.size();
        utterance.held.addAll(frames);
        pump();
    }

    void vendorEnded(SpokenUtterance utterance) {
        if (utterance.cancelled) {
            return;
        }
        utterance.vendorEnded = true;
        pump();
    }

    void vendorFailed(SpokenUtterance utterance, TtsError error) {
        if (utterance.cancelled) {
            return;
        }
        events.accept(new Event.TtsError(utterance.id, error.code(), error.message(), null));
        vendorEnded(utterance); // what was delivered still plays
    }

    void vendorFellBack(SpokenUtterance utterance, TtsError error, String fallbackVendor) {
        if (!utterance.cancelled) {
            events.accept(new Event.TtsError(utterance.id, error.code(), error.message(), fallbackVendor));
        }
    }

    /** Moves held frames into the playout buffer in utterance order, as far as it has room. */
    public void pump() {
        SpokenUtterance head;
        while ((head = feeding.peekFirst()) != null) {
            while (!head.held.isEmpty() && !out.isFull()) {
                if (head.framesOffered == 0) {
                    head.firstQueuedNanos = nanoClock.getAsLong();
                }
                out.offer(head.held.poll(), head);
                head.framesOffered++;
                counters.framesQueued.increment();
            }
            if (!head.held.isEmpty() || !head.vendorEnded) {
                return;
            }
            feeding.pollFirst();
            head.endOffered = true;
            if (head.framesProduced == 0) {
                live.remove(head); // nothing to say (empty text): done at once
                events.accept(new Event.SpeechDone(head.id, 0, new Event.Latency(-1, -1, -1, 0, -1)));
                backpressure.release(head.text.length());
            } else {
                out.endOfUtterance(head);
            }
            List<String> marks = marksAfter.remove(head);
            if (marks != null) {
                marks.forEach(this::placeMark);
            }
        }
    }

    // ---- from the playout side: frames that actually left (PlayoutListener, on the call loop) ----

    /** The first frame of the utterance {@code tag} is being sent. */
    public void playoutStarted(Object tag) {
        if (tag instanceof SpokenUtterance utterance && !utterance.cancelled && !utterance.started()) {
            utterance.firstRtpNanos = nanoClock.getAsLong();
            events.accept(new Event.SpeechStarted(utterance.id, millis(utterance.firstRtpNanos - utterance.sayNanos)));
        }
    }

    /** The last frame of {@code tag} has been sent. */
    public void playoutFinished(Object tag, int framesPlayed) {
        if (!(tag instanceof SpokenUtterance utterance)) {
            return;
        }
        if (interrupting.remove(utterance)) {
            interrupted(utterance, utterance.interruptReason, framesPlayed);
            return;
        }
        if (utterance.cancelled || !live.remove(utterance)) {
            return;
        }
        utterance.framesPlayed = framesPlayed;
        events.accept(new Event.SpeechDone(utterance.id, utterance.playedMs(), latency(utterance)));
        backpressure.release(utterance.text.length());
    }

    /** A {@code clear} stopped {@code tag} after {@code framesPlayed} frames. */
    public void playoutInterrupted(Object tag, int framesPlayed) {
        if (tag instanceof SpokenUtterance utterance && interrupting.remove(utterance)) {
            interrupted(utterance, utterance.interruptReason, framesPlayed);
        }
    }

    private Event.Latency latency(SpokenUtterance u) {
        long ttfa = u.started() ? millis(u.firstRtpNanos - u.sayNanos) : -1;
        long firstByte = u.firstByteNanos >= 0 && u.requestNanos >= 0 ? millis(u.firstByteNanos - u.requestNanos) : -1;
        // docs/architecture.md, "Words": overhead = TTFA − vendor first byte, so Sayline's own time before the
        // request (a clause boundary awaited, a socket connected) counts as Sayline's, not the vendor's.
        long overhead = ttfa >= 0 && firstByte >= 0 ? Math.max(0, ttfa - firstByte) : -1;
        // Frames leave every 20 ms without fail, so wall time beyond the audio played was silence: underrun.
        long wallMs = u.started() ? millis(nanoClock.getAsLong() - u.firstRtpNanos) + MediaFrame.MS : 0;
        long underrunMs = Math.max(0, (wallMs - u.playedMs()) / MediaFrame.MS * MediaFrame.MS);
        long playoutWait = u.started() && u.firstQueuedNanos >= 0 ? millis(u.firstRtpNanos - u.firstQueuedNanos) : -1;
        return new Event.Latency(ttfa, firstByte, overhead, underrunMs, playoutWait);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
    }
}
