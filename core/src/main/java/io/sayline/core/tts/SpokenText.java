package io.sayline.core.tts;

/**
 * What of an utterance's text a failed vendor has not yet spoken, so a fallback vendor can go on from there.
 * With alignment the answer is exact up to the word; without, it is estimated from the audio's duration
 * at a typical speaking rate, backing up to the start of the word so nothing is skipped.
 */
final class SpokenText {
    /** ≈ 150 words a minute at ≈ 5.5 characters a word (with the space): a typical TTS speaking rate. */
    static final int CHARS_PER_SECOND = 14;
    private static final long MS_PER_SECOND = 1000;

    private SpokenText() {
    }

    /**
     * @param text        everything appended to the utterance so far
     * @param alignedText the characters of all alignment delivered, concatenated, or empty
     * @param audioMs     duration of the audio delivered
     * @return the text still to speak without leading whitespace (trailing whitespace is kept: more text
     *         may follow it); all of it when no audio was delivered
     */
    static String unspoken(String text, CharSequence alignedText, long audioMs) {
        if (audioMs <= 0) {
            return text.stripLeading();
        }
        int spoken = alignedText.length() > 0
                ? AlignedText.endOf(text, alignedText)
                : Math.min(text.length(), (int) (audioMs * CHARS_PER_SECOND / MS_PER_SECOND));
        return text.substring(AlignedText.wordStart(text, spoken)).stripLeading();
    }
}
