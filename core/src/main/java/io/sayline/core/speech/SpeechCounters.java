package io.sayline.core.speech;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counts of the speaking path's stages, read live by {@code /metrics}: frames handed from vendor
 * threads to the call loops, frames dropped there because their utterance had been cancelled, frames queued
 * for playout, and vendor audio that did not decode. Every call's {@link Speaker} and {@link VendorStream}
 * add to the same instance ({@link LongAdder}s: the loops and vendor threads add without contending).
 */
public final class SpeechCounters {
    /** 20 ms frames handed from vendor threads to a call loop. */
    public final LongAdder framesReceived = new LongAdder();
    /** Frames that arrived for an utterance already cancelled (clear, barge-in, hang-up): dropped on the loop. */
    public final LongAdder framesStale = new LongAdder();
    /** Frames moved into a playout buffer. */
    public final LongAdder framesQueued = new LongAdder();
    /** Frames past an utterance's audio or time limit (VendorStream): dropped on the vendor thread. */
    public final LongAdder framesOverLimit = new LongAdder();
    /** {@code say} and {@code mark} commands refused at a per-call bound (queued utterances, text, marks). */
    public final LongAdder commandsRefused = new LongAdder();
    /** Pieces of vendor audio that could not be decoded (a corrupt MP3 frame, a truncated sample): skipped. */
    public final LongAdder decodeErrors = new LongAdder();
}
