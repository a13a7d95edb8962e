package io.sayline.tools.elsim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the realtime speech-to-text sessions share: their knobs, the order in which they opened (which picks
 * each one's script), the injected-error count and the log of commits sent (for latency measurements).
 * Thread-safe.
 */
public final class SttState {
    /** Oldest commits are dropped past this many. */
    static final int MAX_COMMITS = 10_000;

    private volatile SttKnobs knobs = SttKnobs.DEFAULTS;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger errorsServed = new AtomicInteger();
    private final Deque<SttCommit> commits = new ArrayDeque<>();

    /** One {@code committed_transcript} as sent: on which connection, what, and when ({@link System#nanoTime}). */
    public record SttCommit(long connectionId, String text, long sentNanos) {
    }

    SttKnobs knobs() {
        return knobs;
    }

    /** New knobs: script order and the "first K sessions" error count start again. */
    void knobs(SttKnobs k) {
        knobs = k;
        sessions.set(0);
        errorsServed.set(0);
    }

    /** The script of the next session to open, in opening order. */
    List<String> nextScript() {
        List<List<String>> scripts = knobs.scripts();
        return scripts.get(Math.floorMod(sessions.getAndIncrement(), scripts.size()));
    }

    /** Whether a new session gets the injected error (counts it). */
    boolean takeError() {
        SttKnobs k = knobs;
        return k.error() != null && (k.errorFirstSessions() == 0 || errorsServed.incrementAndGet() <= k.errorFirstSessions());
    }

    void commitSent(SttCommit commit) {
        synchronized (commits) {
            commits.addLast(commit);
            if (commits.size() > MAX_COMMITS) {
                commits.removeFirst();
            }
        }
    }

    List<SttCommit> commits() {
        synchronized (commits) {
            return List.copyOf(commits);
        }
    }

    void reset() {
        knobs(SttKnobs.DEFAULTS);
        synchronized (commits) {
            commits.clear();
        }
    }
}
