package io.sayline.tools.load;

import io.sayline.core.control.protocol.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the load bot saw over all calls: sessions, utterances and the latency fields of every
 * {@code speech.done}; with {@code --listen} and {@code --transcribe}, the caller's frames and transcripts.
 * Written by the bot server's loop, read by the progress printer and the summary.
 */
final class BotTally {
    private final AtomicInteger sessionsStarted = new AtomicInteger();
    private final AtomicInteger sessionsEnded = new AtomicInteger();
    private final AtomicInteger utterancesSaid = new AtomicInteger();
    private final AtomicInteger utterancesStarted = new AtomicInteger();
    private final AtomicInteger utterancesDone = new AtomicInteger();
    private final AtomicInteger ttsErrors = new AtomicInteger();
    private final AtomicInteger interrupted = new AtomicInteger();
    private final AtomicInteger clearsSent = new AtomicInteger();
    private final AtomicInteger keysHeard = new AtomicInteger();
    private final AtomicLong underrunMs = new AtomicLong();
    private final List<Event.Latency> latencies = new ArrayList<>();
    private final AtomicLong callerFrames = new AtomicLong();
    private final AtomicLong callerFramesLost = new AtomicLong();
    private final AtomicLong callerSequenceGaps = new AtomicLong();
    private final AtomicInteger overflowEvents = new AtomicInteger();
    private final AtomicLong overflowDropped = new AtomicLong();
    private final AtomicInteger partials = new AtomicInteger();
    private final AtomicInteger finals = new AtomicInteger();
    private final AtomicInteger sttErrors = new AtomicInteger();

    void sessionStarted() {
        sessionsStarted.incrementAndGet();
    }

    void sessionEnded() {
        sessionsEnded.incrementAndGet();
    }

    void said() {
        utterancesSaid.incrementAndGet();
    }

    void started() {
        utterancesStarted.incrementAndGet();
    }

    void ttsError() {
        ttsErrors.incrementAndGet();
    }

    /** An utterance cut ({@code speech.interrupted}): by the bot's clear, a key press or the caller. */
    void interrupted() {
        interrupted.incrementAndGet();
    }

    void clearSent() {
        clearsSent.incrementAndGet();
    }

    /** A caller's key press reported by Sayline ({@code dtmf}). */
    void keyHeard() {
        keysHeard.incrementAndGet();
    }

    void done(Event.Latency latency) {
        utterancesDone.incrementAndGet();
        underrunMs.addAndGet(latency.underrunMs());
        synchronized (latencies) {
            latencies.add(latency);
        }
    }

    /**
     * One binary {@code listen} frame: {@code lost} when Sayline flagged it as not received, {@code missing}
     * the sequence numbers skipped before it (frames Sayline dropped for a slow bot).
     */
    void callerFrame(boolean lost, long missing) {
        callerFrames.incrementAndGet();
        if (lost) {
            callerFramesLost.incrementAndGet();
        }
        callerSequenceGaps.addAndGet(missing);
    }

    /** A {@code listen.overflow}: Sayline dropped {@code dropped} frames because the bot read too slowly. */
    void listenOverflow(long dropped) {
        overflowEvents.incrementAndGet();
        overflowDropped.addAndGet(dropped);
    }

    void transcript(boolean isFinal) {
        (isFinal ? finals : partials).incrementAndGet();
    }

    void sttError() {
        sttErrors.incrementAndGet();
    }

    /** What the bot heard of its callers, for the summary. */
    CallerHeard callerHeard() {
        return new CallerHeard(callerFrames.get(), callerFramesLost.get(), callerSequenceGaps.get(),
                overflowEvents.get(), overflowDropped.get(), partials.get(), finals.get(), sttErrors.get());
    }

    /**
     * The caller side seen by the load bot over all calls.
     *
     * @param frames         binary {@code listen} frames received
     * @param lostFrames     of those, flagged as not received from the caller (silence-filled)
     * @param sequenceGaps   sequence numbers that never arrived (dropped by Sayline for a slow bot)
     * @param overflowEvents {@code listen.overflow} events, and {@code overflowDropped} the frames they report
     */
    record CallerHeard(long frames, long lostFrames, long sequenceGaps, int overflowEvents, long overflowDropped,
                       int partials, int finals, int sttErrors) {
    }

    int liveCalls() {
        return sessionsStarted.get() - sessionsEnded.get();
    }

    int utterancesSaid() {
        return utterancesSaid.get();
    }

    /** Utterances whose first frame went on the wire ({@code speech.started}). */
    int utterancesStarted() {
        return utterancesStarted.get();
    }

    int utterancesDone() {
        return utterancesDone.get();
    }

    int ttsErrors() {
        return ttsErrors.get();
    }

    int interruptions() {
        return interrupted.get();
    }

    int clearsSent() {
        return clearsSent.get();
    }

    int keysHeard() {
        return keysHeard.get();
    }

    /** Sayline's own count of silence played inside utterances because audio was late. */
    long underrunMs() {
        return underrunMs.get();
    }

    List<Event.Latency> latencies() {
        synchronized (latencies) {
            return List.copyOf(latencies);
        }
    }
}
