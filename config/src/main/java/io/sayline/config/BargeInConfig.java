package io.sayline.config;

/**
 * Barge-in by caller speech (docs/architecture.md, "Call path": caller RTP → energy VAD → events to the bot).
 * A speech onset cuts the playing utterance when its {@code interruptible} allows speech.
 *
 * @param enabled       whether caller speech may cut an utterance at all
 * @param thresholdDbfs frame energy (RMS of the decoded samples, dBFS) at or above which a frame counts as
 *                      speech; −70..0
 * @param minSpeechMs   how long the energy must stay at or above the threshold before it is an onset; 20..2000
 * @param hangoverMs    how long the energy must stay below the threshold before a new onset may be reported;
 *                      0..5000
 */
public record BargeInConfig(boolean enabled, int thresholdDbfs, int minSpeechMs, int hangoverMs) {
}
