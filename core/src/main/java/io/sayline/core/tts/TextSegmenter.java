package io.sayline.core.tts;

/**
 * Cuts streamed text (an LLM's tokens) into pieces a whole-text engine can speak without waiting for
 * the rest: a piece ends after sentence punctuation followed by white space, or after a clause
 * boundary once the piece is long enough to be worth a request, or at a hard length cap.
 *
 * <p>Not thread-safe; one per utterance.
 */
public final class TextSegmenter {
    /** Pieces shorter than this are not cut at commas: a request per two-word clause sounds choppy. */
    private final int minClauseChars;
    /** Text longer than this is cut at the last space even without punctuation. */
    private final int maxChars;
    private final StringBuilder pending = new StringBuilder();

    public TextSegmenter(int minClauseChars, int maxChars) {
        if (minClauseChars < 1 || maxChars <= minClauseChars) {
            throw new IllegalArgumentException("need 1 <= minClauseChars < maxChars, were " + minClauseChars + ", " + maxChars);
        }
        this.minClauseChars = minClauseChars;
        this.maxChars = maxChars;
    }

    /** Sentence-at-a-time segmentation as the embedded engine wants it. */
    public static TextSegmenter sentences() {
        return new TextSegmenter(80, 400);
    }

    /** Adds text; returns the next complete piece, or null while none is complete. Call {@link #next()} for more. */
    public String append(String text) {
        pending.append(text);
        return next();
    }

    /** The next complete piece from what is pending, or null. */
    public String next() {
        int cut = cutPoint();
        if (cut < 0) {
            return null;
        }
        String piece = pending.substring(0, cut).trim();
        pending.delete(0, cut);
        return piece.isEmpty() ? next() : piece;
    }

    /** Whatever is left, at the end of the utterance; null when nothing but white space is left. */
    public String rest() {
        String piece = pending.toString().trim();
        pending.setLength(0);
        return piece.isEmpty() ? null : piece;
    }

    private int cutPoint() {
        int lastSpace = -1;
        for (int i = 0; i < pending.length() - 1; i++) {
            char c = pending.charAt(i);
            boolean followedBySpace = Character.isWhitespace(pending.charAt(i + 1));
            if (followedBySpace && (c == '.' || c == '!' || c == '?')) {
                return i + 1;
            }
            if (followedBySpace && (c == ',' || c == ';' || c == ':') && i + 1 >= minClauseChars) {
                return i + 1;
            }
            if (Character.isWhitespace(c)) {
                lastSpace = i;
            }
            if (i + 1 >= maxChars && lastSpace > 0) {
                return lastSpace;
            }
        }
        return -1;
    }
}
