package io.sayline.core.stt;

import java.util.concurrent.atomic.LongAdder;

/** Process-wide counts of every call's transcription, read live by {@code /metrics}. */
public final class SttCounters {
    /** {@code input_audio_chunk} messages queued to the vendor. */
    public final LongAdder chunksSent = new LongAdder();
    /** 20 ms caller frames not sent: the stream was down (between a failure and its reconnect) or behind. */
    public final LongAdder framesNotSent = new LongAdder();
    /** Partial transcripts dropped because the call loop had a backlog of vendor messages (finals never are). */
    public final LongAdder partialsDropped = new LongAdder();
    /** Transcript events sent to bots: partial and final. */
    public final LongAdder partials = new LongAdder();
    public final LongAdder finals = new LongAdder();
    /** Streams that failed ({@code stt.error}), and reconnects after them. */
    public final LongAdder failures = new LongAdder();
    public final LongAdder reconnects = new LongAdder();
}
