package io.sayline.config;

/**
 * The playout (jitter) buffer between the TTS vendor and the pacer.
 *
 * @param startMs  audio queued before playout starts after silence
 * @param maxMs    audio queued before the buffer counts as full (back-pressure); the adaptive ceiling
 * @param adaptive each underrun raises the start threshold, quiet playout lowers it again
 * @param holdMs   how long the first audio of an utterance waits before it plays: room for a vendor whose chunks
 *                 arrive with jitter, so a late chunk is absorbed instead of heard as a gap
 */
public record PlayoutConfig(int startMs, int maxMs, boolean adaptive, int holdMs) {
    /** No hold: playout starts as soon as {@code startMs} is queued. */
    public PlayoutConfig(int startMs, int maxMs, boolean adaptive) {
        this(startMs, maxMs, adaptive, 0);
    }
}
