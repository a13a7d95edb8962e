package io.sayline.core.tts;

/**
 * Positions in an utterance's text from a vendor's character alignment. Vendors spell whitespace their
 * own way in alignment (collapsed, or normalised text), so positions are matched by non-whitespace
 * characters; words are never split: a cut inside a word moves to the word's start.
 */
public final class AlignedText {
    private AlignedText() {
    }

    /** Index in {@code text} just after the characters of {@code alignedPrefix}. */
    public static int endOf(String text, CharSequence alignedPrefix) {
        int wanted = 0;
        for (int i = 0; i < alignedPrefix.length(); i++) {
            if (!Character.isWhitespace(alignedPrefix.charAt(i))) {
                wanted++;
            }
        }
        if (wanted == 0) {
            return 0;
        }
        int seen = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i)) && ++seen == wanted) {
                return i + 1;
            }
        }
        return text.length();
    }

    /** {@code index} itself when it is at a word boundary, else the start of the word it cuts. */
    public static int wordStart(String text, int index) {
        int i = Math.min(index, text.length());
        if (i >= text.length() || Character.isWhitespace(text.charAt(i))) {
            return i;
        }
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
