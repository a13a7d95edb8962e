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
 * @param mode          what may cut an utterance: {@code energy} (the VAD above, the default), {@code words}
 *                      (a transcript of the caller, so loud noise without words does not), or {@code both}
 * @param minTranscriptChars the characters a transcript (partial or final) must hold before it counts as
 *                      the caller speaking; 1..200
 */
public record BargeInConfig(boolean enabled, int thresholdDbfs, int minSpeechMs, int hangoverMs, String mode,
                            int minTranscriptChars) {
    public static final String ENERGY = "energy";
    public static final String WORDS = "words";
    public static final String BOTH = "both";

    /** Whether an energy onset may cut an utterance. */
    public boolean byEnergy() {
        return ENERGY.equals(mode) || BOTH.equals(mode);
    }

    /** Whether a transcript may cut an utterance. */
    public boolean byWords() {
        return WORDS.equals(mode) || BOTH.equals(mode);
    }
}
