package io.sayline.core.tts.elevenlabs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClauseCutterTest {
    @Test
    void sentenceEndFollowedBySpaceCutsEvenWhenShort() {
        ClauseCutter cutter = new ClauseCutter();
        cutter.append("Hi. How");
        assertEquals(List.of("Hi."), cutter.takeReady());
        assertEquals(" How", cutter.pending());
    }

    @Test
    void sentenceEndWithoutFollowingSpaceWaits() {
        ClauseCutter cutter = new ClauseCutter();
        cutter.append("It costs 3.50 dollars.");
        assertEquals(List.of(), cutter.takeReady());
        assertEquals("It costs 3.50 dollars.", cutter.takeRest());
    }

    @Test
    void commaCutsOnlyOnceThePieceIsLongEnough() {
        ClauseCutter cutter = new ClauseCutter();
        cutter.append("Yes, of course you can change the date, ");
        assertEquals(List.of("Yes, of course you can change the date,"), cutter.takeReady());
    }

    @Test
    void everyClauseMarkCuts() {
        ClauseCutter cutter = new ClauseCutter();
        cutter.append("The first clause is long enough; the second one as well: and then! Done? ok");
        assertEquals(List.of("The first clause is long enough;", "the second one as well:", "and then!", "Done?"),
                cutter.takeReady());
        assertEquals("ok", cutter.takeRest());
    }

    @Test
    void textWithoutBoundaryIsCutAtTheLastSpaceBeforeTheCap() {
        ClauseCutter cutter = new ClauseCutter();
        String word = "abcdefghi ";
        cutter.append(word.repeat(25));
        List<String> pieces = cutter.takeReady();
        assertEquals(1, pieces.size());
        assertEquals(word.repeat(20).strip(), pieces.get(0));
    }

    @Test
    void tokensArrivingOneByOneCutAtTheSamePlaceAsWholeText() {
        ClauseCutter cutter = new ClauseCutter();
        List<String> pieces = new ArrayList<>();
        for (String token : "Hello there. How are you doing today, my dear friend? Fine".split("(?<= )")) {
            cutter.append(token);
            pieces.addAll(cutter.takeReady());
        }
        pieces.add(cutter.takeRest());
        assertEquals(List.of("Hello there.", "How are you doing today,", "my dear friend?", "Fine"), pieces);
    }
}
