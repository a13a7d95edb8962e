package io.sayline.rtp.playout;

/**
 * An immutable snapshot of a {@link PlayoutBuffer}'s counters.
 *
 * @param framesPlayed     audio frames handed out for sending
 * @param underruns        underrun episodes (runs of silence inside an utterance)
 * @param underrunMs       silence sent inside utterances, ms
 * @param depthMs          audio queued now, ms
 * @param maxDepthMs       most audio ever queued, ms
 * @param startThresholdMs the current (adaptive) start threshold, ms
 * @param rejectedFrames   frames refused because the hard cap was reached (the producer ignored back-pressure)
 */
public record PlayoutStats(long framesPlayed, long underruns, long underrunMs, int depthMs, int maxDepthMs,
                           int startThresholdMs, long rejectedFrames) {
}
