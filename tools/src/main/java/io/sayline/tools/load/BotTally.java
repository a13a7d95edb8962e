package io.sayline.tools.load;

import io.sayline.core.control.protocol.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the load bot saw over all calls: sessions, utterances and the latency fields of every
 * {@code speech.done}. Written by the bot server's loop, read by the progress printer and the summary.
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
