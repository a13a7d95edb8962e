package io.sayline.core.tts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpokenTextTest {
    @Test
    void noAudioMeansEverythingIsUnspoken() {
        assertEquals("Hello there. ", SpokenText.unspoken(" Hello there. ", "", 0));
    }

    @Test
    void alignmentUpToTheEndOfAWordLeavesTheNextWords() {
        assertEquals("How are you?", SpokenText.unspoken("Hello there. How are you?", "Hello there. ", 500));
    }

    @Test
    void alignmentEndingInsideAWordRepeatsThatWord() {
        assertEquals("there. How", SpokenText.unspoken("Hello there. How", "Hello th", 300));
    }

    @Test
    void alignmentIgnoresTheVendorsWhitespace() {
        assertEquals("you?", SpokenText.unspoken("How  are\nyou?", " How are ", 300));
    }

    @Test
    void withoutAlignmentTheRateEstimateBacksUpToAWordStart() {
        // One second ≈ 14 characters: "Hello there, h" → restart at "how".
        assertEquals("how are you today?", SpokenText.unspoken("Hello there, how are you today?", "", 1000));
    }

    @Test
    void audioLongerThanTheTextLeavesNothing() {
        assertEquals("", SpokenText.unspoken("Hi.", "", 10_000));
    }
}
