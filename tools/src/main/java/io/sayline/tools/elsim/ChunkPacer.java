package io.sayline.tools.elsim;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one stream's generations in order, cut into chunks and timed by the knobs: first-chunk delay (from
 * the generation's request), real-time factor, jitter, and the stall / drop / 1008-close faults, all measured
 * in audio milliseconds sent on this stream. Actions queued with {@link #then} run after everything queued
 * before them was sent (isFinal, close).
 *
 * <p>Threading: every method runs on the stream's channel event loop ("guarded by stream loop"); knobs are
 * read live so a test can change them mid-stream.
 */
final class ChunkPacer {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkPacer.class);

    /** Where chunks go; called on the event loop. */
    interface Sink {
        void send(AudioChunk chunk);

        /** Abort the connection (drop knob). */
        void drop();

        /** Policy close (WebSocket 1008) with a reason (wsCloseAfter knob). */
        void policyClose(String reason);

        /** Synthesis failed. */
        void fail(Throwable error);
    }

    private static final class Pending {
        final CompletableFuture<RenderedAudio> audio;
        final RecordedRequest trigger;
        final long readyAtNanos;
        boolean waiting;

        Pending(CompletableFuture<RenderedAudio> audio, RecordedRequest trigger, long readyAtNanos) {
            this.audio = audio;
            this.trigger = trigger;
            this.readyAtNanos = readyAtNanos;
        }
    }

    private final EventLoop loop;
    private final Supplier<SimKnobs> knobs;
    private final Sink sink;
    private final int frameBytes;
    // guarded by stream loop
    private final Deque<Object> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean stopped;
    private double audioSentMs;
    private long nextDueNanos;

    ChunkPacer(EventLoop loop, Supplier<SimKnobs> knobs, Sink sink, int frameBytes) {
        this.loop = loop;
        this.knobs = knobs;
        this.sink = sink;
        this.frameBytes = frameBytes;
    }

    /** Queues a generation; its first chunk is not sent before firstChunkDelayMs from now. */
    void enqueue(CompletableFuture<RenderedAudio> audio, RecordedRequest trigger) {
        long ready = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(knobs.get().firstChunkDelayMs());
        queue.add(new Pending(audio, trigger, ready));
        pump();
    }

    /** Runs {@code action} once everything queued before it was sent. */
    void then(Runnable action) {
        queue.add(action);
        pump();
    }

    /** Forgets everything queued and stops (client gone, context closed). */
    void cancel() {
        stopped = true;
        queue.clear();
    }

    double audioSentMs() {
        return audioSentMs;
    }

    private void pump() {
        while (!sending && !stopped && !queue.isEmpty()) {
            Object head = queue.peek();
            if (head instanceof Runnable action) {
                queue.poll();
                action.run();
                continue;
            }
            Pending p = (Pending) head;
            if (!p.audio.isDone()) {
                if (!p.waiting) {
                    p.waiting = true;
                    p.audio.whenComplete((a, e) -> loop.execute(this::pump));
                }
                return;
            }
            queue.poll();
            RenderedAudio audio;
            try {
                audio = p.audio.join();
            } catch (CompletionException | CancellationException e) {
                stopped = true;
                queue.clear();
                sink.fail(e.getCause() != null ? e.getCause() : e);
                return;
            }
            if (audio.bytes().length == 0) {
                continue;
            }
            sending = true;
            long due = Math.max(p.readyAtNanos, nextDueNanos);
            scheduleAt(due, () -> sendChunk(p, audio, 0, due));
        }
    }

    /** @param dueNanos when this chunk was due, before jitter: the pace is kept from there */
    private void sendChunk(Pending p, RenderedAudio a, int offset, long dueNanos) {
        if (stopped) {
            return;
        }
        SimKnobs k = knobs.get();
        if (k.stallAfterMs() >= 0 && audioSentMs >= k.stallAfterMs()) {
            LOG.info("el-sim stream stalled after {} ms of audio (stall knob)", Math.round(audioSentMs));
            stopped = true;
            return;
        }
        if (k.dropAfterMs() >= 0 && audioSentMs >= k.dropAfterMs()) {
            LOG.info("el-sim stream dropped after {} ms of audio (drop knob)", Math.round(audioSentMs));
            stopped = true;
            sink.drop();
            return;
        }
        if (k.wsCloseAfterMs() >= 0 && audioSentMs >= k.wsCloseAfterMs()) {
            stopped = true;
            sink.policyClose(k.wsCloseReason());
            return;
        }
        byte[] bytes = a.bytes();
        double bytesPerSecond = bytes.length / Math.max(1e-3, a.durationMs() / 1000);
        int end = Math.min(bytes.length, offset + k.chunkBytesFor(bytesPerSecond, frameBytes));
        double fromMs = a.msAt(offset);
        double toMs = a.msAt(end);
        byte[] piece = java.util.Arrays.copyOfRange(bytes, offset, end);
        Alignment slice = a.alignment().slice(fromMs, end == bytes.length ? Double.MAX_VALUE : toMs, -fromMs);
        sink.send(new AudioChunk(piece, slice, audioSentMs, toMs - fromMs, p.trigger));
        audioSentMs += toMs - fromMs;
        // Paced from when this chunk was due, not from when jitter let it out: jitter delays single chunks
        // and the stream still runs at realTimeFactor on average (from "now", each delay would add up and a
        // 1.2x stream with 150 ms jitter would fall behind real time).
        nextDueNanos = k.realTimeFactor() > 0
                ? Math.max(nextDueNanos, dueNanos) + (long) ((toMs - fromMs) * 1e6 / k.realTimeFactor())
                : System.nanoTime();
        if (end < bytes.length) {
            long due = nextDueNanos;
            scheduleAt(due, () -> sendChunk(p, a, end, due));
        } else {
            sending = false;
            pump();
        }
    }

    private void scheduleAt(long atNanos, Runnable task) {
        long jitter = knobs.get().jitterMs();
        long delay = atNanos - System.nanoTime()
                + (jitter > 0 ? TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(jitter + 1)) : 0);
        if (delay <= 0) {
            loop.execute(task);
        } else {
            loop.schedule(task, delay, TimeUnit.NANOSECONDS);
        }
    }
}
