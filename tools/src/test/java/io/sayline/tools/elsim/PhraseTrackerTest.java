package io.sayline.tools.elsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated recogniser: when a phrase starts, how its words are revealed, when it is committed. */
class PhraseTrackerTest {
    private final List<String> heard = new ArrayList<>();
    private final PhraseTracker.Listener listener = new PhraseTracker.Listener() {
        @Override
        public void partial(String text) {
            heard.add("partial " + text);
        }

        @Override
        public void committed(String text, long startMs, long endMs) {
            heard.add("commit " + text + " " + startMs + "-" + endMs);
        }
    };

    @Test
    void aBurstShorterThanMinSpeechIsNoPhraseAndALongerOneRevealsAWordPerWordMs() {
        PhraseTracker tracker = new PhraseTracker(List.of("one two three"), 100, 400, true, 200, listener);
        blocks(tracker, false, 5);
        blocks(tracker, true, 4);   // 80 ms: a click
        blocks(tracker, false, 25); // 500 ms of quiet: nothing to commit
        assertEquals(List.of(), heard);
        blocks(tracker, true, 25);  // 500 ms of speech from 680 ms
        blocks(tracker, false, 20); // 400 ms of quiet: the commit
        assertEquals(List.of("partial one", "partial one two", "partial one two three",
                "commit one two three 680-1180"), heard);
    }

    @Test
    void noiseInTheScriptSaysNothingAndTheNextBurstSaysTheNextPhrase() {
        PhraseTracker tracker = new PhraseTracker(List.of("", "yes"), 100, 400, true, 200, listener);
        blocks(tracker, true, 10);
        blocks(tracker, false, 25);
        blocks(tracker, true, 10);
        blocks(tracker, false, 25);
        assertEquals(List.of("partial yes", "commit yes 700-900"), heard);
    }

    @Test
    void withManualCommitsOnlyACommitEndsThePhrase() {
        PhraseTracker tracker = new PhraseTracker(List.of("hold on"), 100, 400, false, 200, listener);
        blocks(tracker, true, 10);
        blocks(tracker, false, 100);
        assertEquals(List.of("partial hold"), heard);
        tracker.commit();
        tracker.commit(); // nothing open: nothing more
        assertEquals(List.of("partial hold", "commit hold on 0-200"), heard);
    }

    private static void blocks(PhraseTracker tracker, boolean loud, int count) {
        for (int i = 0; i < count; i++) {
            tracker.block(loud);
        }
    }
}
