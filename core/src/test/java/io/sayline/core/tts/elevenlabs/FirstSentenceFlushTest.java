package io.sayline.core.tts.elevenlabs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FirstSentenceFlushTest {
    @Test
    void theFirstSentenceEndIsDueOnceEvenWhenTokensArriveInPieces() {
        FirstSentenceFlush flush = new FirstSentenceFlush(false);
        StringBuilder text = new StringBuilder("Sure");
        assertFalse(flush.due(text));
        text.append(", let me check");
        assertFalse(flush.due(text));
        text.append(". ");
        assertTrue(flush.due(text));
        text.append("It is open until five.");
        assertFalse(flush.due(text), "later sentences follow the vendor's schedule");
    }

    @Test
    void aQuotedQuestionEndsASentence() {
        assertTrue(new FirstSentenceFlush(false).due("He asked \"why?\" "));
    }

    @Test
    void autoModeLeavesFlushingToTheVendor() {
        assertFalse(new FirstSentenceFlush(true).due("Hello."));
    }
}
