package io.sayline.tools.elsim;

/**
 * One piece of a generation on its way out.
 *
 * @param audio          encoded bytes
 * @param alignment      characters starting in this chunk, times relative to the chunk's start
 * @param streamOffsetMs audio already sent on this stream before the chunk (for absolute timestamps)
 * @param durationMs     audio duration of the chunk
 * @param trigger        the request or message that caused the generation
 */
record AudioChunk(byte[] audio, Alignment alignment, double streamOffsetMs, double durationMs,
        RecordedRequest trigger) {
}
