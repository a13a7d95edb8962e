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
        segmenter.append("Hello");
        assertNull(segmenter.next());
        segmenter.append(" there.");
        assertNull(segmenter.next());
        segmenter.append(" How");
        assertEquals("Hello there.", segmenter.next());
        segmenter.append(" are you");
        assertNull(segmenter.next());
        assertEquals("How are you", segmenter.rest());
        assertNull(segmenter.rest());
    }

    @Test
    void decimalPointsAndShortClausesDoNotCut() {
        TextSegmenter segmenter = TextSegmenter.sentences();
        segmenter.append("It costs 3.50, or so");
        assertNull(segmenter.next());
        assertEquals("It costs 3.50, or so", segmenter.rest());
    }

    @Test
    void longTextWithoutPunctuationIsCutAtASpace() {
        TextSegmenter segmenter = new TextSegmenter(10, 20);
        segmenter.append("one two three four five six seven");
        assertEquals("one two three four", segmenter.next());
    }

    @Test
    void aCapWithoutAnySpaceCutsHard() {
        TextSegmenter segmenter = new TextSegmenter(10, 20);
        segmenter.append("x".repeat(30));
        assertEquals("x".repeat(20), segmenter.next());
        assertEquals("x".repeat(10), segmenter.rest());
    }

    // Clause segmentation, as the HTTP vendor cuts streamed tokens into requests.

    @Test
    void sentenceEndFollowedBySpaceCutsEvenWhenShort() {
        TextSegmenter cutter = TextSegmenter.clauses();
        cutter.append("Hi. How");
        assertEquals(List.of("Hi."), drain(cutter));
        assertEquals(" How", cutter.pending());
    }

    @Test
    void sentenceEndWithoutFollowingSpaceWaits() {
        TextSegmenter cutter = TextSegmenter.clauses();
        cutter.append("It costs 3.50 dollars.");
        assertEquals(List.of(), drain(cutter));
        assertEquals("It costs 3.50 dollars.", cutter.rest());
    }

    @Test
    void commaCutsOnlyOnceThePieceIsLongEnough() {
        TextSegmenter cutter = TextSegmenter.clauses();
        cutter.append("Yes, of course you can change the date, ");
        assertEquals(List.of("Yes, of course you can change the date,"), drain(cutter));
    }

    @Test
    void everyClauseMarkCuts() {
        TextSegmenter cutter = TextSegmenter.clauses();
        cutter.append("The first clause is long enough; the second one as well: and then! Done? ok");
        assertEquals(List.of("The first clause is long enough;", "the second one as well:", "and then!", "Done?"),
                drain(cutter));
        assertEquals("ok", cutter.rest());
    }

    @Test
    void textWithoutBoundaryIsCutAtTheLastSpaceBeforeTheCap() {
        TextSegmenter cutter = TextSegmenter.clauses();
        String word = "abcdefghi ";
        cutter.append(word.repeat(25));
        List<String> pieces = drain(cutter);
        assertEquals(1, pieces.size());
        assertEquals(word.repeat(20).strip(), pieces.get(0));
    }

    @Test
    void tokensArrivingOneByOneCutAtTheSamePlaceAsWholeText() {
        TextSegmenter cutter = TextSegmenter.clauses();
        List<String> pieces = new ArrayList<>();
        for (String token : "Hello there. How are you doing today, my dear friend? Fine".split("(?<= )")) {
            cutter.append(token);
            pieces.addAll(drain(cutter));
        }
        pieces.add(cutter.rest());
        assertEquals(List.of("Hello there.", "How are you doing today,", "my dear friend?", "Fine"), pieces);
    }

    private static List<String> drain(TextSegmenter segmenter) {
        List<String> pieces = new ArrayList<>();
        for (String piece = segmenter.next(); piece != null; piece = segmenter.next()) {
            pieces.add(piece);
        }
        return pieces;
    }
}
