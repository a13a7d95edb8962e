package io.sayline.core.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextSegmenterTest {
    @Test
    void tokensBecomeSentencesAsSoonAsEachEnds() {
        TextSegmenter segmenter = TextSegmenter.sentences();
        assertNull(segmenter.append("Hello"));
        assertNull(segmenter.append(" there."));
        assertEquals("Hello there.", segmenter.append(" How"));
        assertNull(segmenter.append(" are you"));
        assertEquals("How are you", segmenter.rest());
        assertNull(segmenter.rest());
    }

    @Test
    void decimalPointsAndShortClausesDoNotCut() {
        TextSegmenter segmenter = TextSegmenter.sentences();
        assertNull(segmenter.append("It costs 3.50, or so"));
        assertEquals("It costs 3.50, or so", segmenter.rest());
    }

    @Test
    void longTextWithoutPunctuationIsCutAtASpace() {
        TextSegmenter segmenter = new TextSegmenter(10, 20);
        List<String> pieces = new ArrayList<>();
        for (String piece = segmenter.append("one two three four five six seven"); piece != null; piece = segmenter.next()) {
            pieces.add(piece);
        }
        assertEquals("one two three four", pieces.get(0));
    }
}
