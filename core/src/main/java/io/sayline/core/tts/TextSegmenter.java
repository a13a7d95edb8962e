package io.sayline.core.tts;

/**
 * Cuts streamed text (an LLM's tokens) into pieces a whole-text engine can speak without waiting for
 * the rest: a piece ends after sentence punctuation followed by white space, or after a clause
 * boundary once the piece is long enough to stand alone, or at a length cap (at the last space before
 * it, or hard when there is none). Tokens arriving one by one cut exactly where the whole text would.
 *
 * <p>Not thread-safe; one per utterance, guarded by its owner.
 */
public final class TextSegmenter {
    /** Pieces shorter than this are not cut at a comma: "Yes," alone sounds clipped. */
    private final int minClauseChars;
    /** No piece waits for more than this many characters without a boundary. */
    private final int maxChars;
    private final StringBuilder pending = new StringBuilder();

    public TextSegmenter(int minClauseChars, int maxChars) {
        if (minClauseChars < 1 || maxChars <= minClauseChars) {
            throw new IllegalArgumentException("need 1 <= minClauseChars < maxChars, were " + minClauseChars + ", " + maxChars);
        }
        this.minClauseChars = minClauseChars;
        this.maxChars = maxChars;
    }

    /** Sentence-at-a-time segmentation, as the embedded engine wants it. */
    public static TextSegmenter sentences() {
        return new TextSegmenter(80, 400);
    }

    /**
     * Clause-at-a-time segmentation for a vendor's HTTP requests: shorter pieces start speech sooner
     * (docs/protocol.md, {@code say}: "for an HTTP vendor the text is cut at clause and sentence boundaries").
     */
    public static TextSegmenter clauses() {
        return new TextSegmenter(20, 200);
    }

    /** Adds text as the bot wrote it; complete pieces are then taken with {@link #next()}. */
    public void append(String text) {
        pending.append(text);
    }

    /** The next complete piece from what is pending, or null while none is complete. */
    public String next() {
        int cut;
        while ((cut = cutPoint()) > 0) {
            String piece = pending.substring(0, cut).strip();
            pending.delete(0, cut);
            if (!piece.isEmpty()) {
                return piece;
            }
        }
        return null;
    }

    /** Text received but not yet cut (the best {@code next_text} a request can have). */
    public String pending() {
        return pending.toString();
    }

    /** Whatever is left, at the end of the utterance; null when nothing but white space is left. */
    public String rest() {
        String piece = pending.toString().strip();
        pending.setLength(0);
        return piece.isEmpty() ? null : piece;
    }

    /** Index just after the first boundary, or -1 when there is none yet. */
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
            if (i + 1 >= maxChars) {
                return lastSpace > 0 ? lastSpace : i + 1;
            }
        }
        return -1;
    }
}
