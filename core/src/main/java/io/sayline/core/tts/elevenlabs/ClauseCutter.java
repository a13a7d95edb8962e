package io.sayline.core.tts.elevenlabs;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts token-by-token text into pieces for the HTTP endpoints, so speech starts before the bot has
 * finished writing (DESIGN.md, control protocol: "for an HTTP vendor cuts them at clause/sentence
 * boundaries"). A boundary is {@code . ! ?} followed by whitespace; {@code ; : ,} followed by whitespace
 * once the piece is long enough to sound natural alone; or the length cap, at the last space before it.
 * Not thread-safe: the owning utterance serializes access.
 */
final class ClauseCutter {
    /** Pieces shorter than this are not cut at a comma: "Yes, " alone sounds clipped. */
    static final int MIN_CLAUSE_CHARS = 20;
    /** No piece waits for more than this many characters without a boundary. */
    static final int MAX_PIECE_CHARS = 200;

    private final StringBuilder pending = new StringBuilder();

    void append(String text) {
        pending.append(text);
    }

    /** The complete pieces so far, in order; what follows the last boundary stays pending. */
    List<String> takeReady() {
        List<String> pieces = new ArrayList<>();
        int cut;
        while ((cut = nextCut()) > 0) {
            String piece = pending.substring(0, cut).strip();
            pending.delete(0, cut);
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
        }
        return pieces;
    }

    /** Everything still pending (end of input), or an empty string. */
    String takeRest() {
        String rest = pending.toString().strip();
        pending.setLength(0);
        return rest;
    }

    /** Text received but not yet cut: the best next_text a request can have. */
    String pending() {
        return pending.toString();
    }

    /** Index just after the first boundary, or 0 when there is none yet. */
    private int nextCut() {
        for (int i = 0; i + 1 < pending.length() && i < MAX_PIECE_CHARS; i++) {
            char c = pending.charAt(i);
            if (!Character.isWhitespace(pending.charAt(i + 1))) {
                continue;
            }
            if (c == '.' || c == '!' || c == '?') {
                return i + 1;
            }
            if ((c == ',' || c == ';' || c == ':') && i + 1 >= MIN_CLAUSE_CHARS) {
                return i + 1;
            }
        }
        if (pending.length() <= MAX_PIECE_CHARS) {
            return 0;
        }
        int space = pending.lastIndexOf(" ", MAX_PIECE_CHARS);
        return space > 0 ? space : MAX_PIECE_CHARS;
    }
}
