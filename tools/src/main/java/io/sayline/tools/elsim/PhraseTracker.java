package io.sayline.tools.elsim;

import java.util.List;

/**
 * The simulated recogniser of one session: fed the loudness of successive 20 ms blocks of the received audio,
 * it decides when a phrase starts (speech for {@code minSpeechMs}), reveals the phrase's words one per
 * {@code wordMs} of speech as partials, and commits the phrase after {@code silenceMs} of quiet (VAD commit) or
 * when asked (manual commit). What is said comes from the session's script, one phrase per burst of speech;
 * an empty phrase is noise and yields nothing. Times are positions in the received audio, in ms.
 * Not thread-safe: one session's event loop.
 */
final class PhraseTracker {
    static final int BLOCK_MS = 20;

    /** Where transcripts go. */
    interface Listener {
        void partial(String text);

        /** The whole phrase; {@code startMs}/{@code endMs} bound its speech in the received audio. */
        void committed(String text, long startMs, long endMs);
    }

    private final List<String> script;
    private final int minSpeechMs;
    private final int silenceMs;
    private final boolean vadCommits;
    private final int wordMs;
    private final Listener listener;
    private int nextPhrase;
    private long positionMs;
    private long loudRunMs;
    private long quietRunMs;
    private String[] words;
    private long phraseStartMs;
    private long lastLoudEndMs;
    private long speechInPhraseMs;
    private int revealed;

    PhraseTracker(List<String> script, int minSpeechMs, int silenceMs, boolean vadCommits, int wordMs,
                  Listener listener) {
        this.script = List.copyOf(script);
        this.minSpeechMs = minSpeechMs;
        this.silenceMs = silenceMs;
        this.vadCommits = vadCommits;
        this.wordMs = wordMs;
        this.listener = listener;
    }

    /** One 20 ms block of audio: loud (at or above the speech energy) or not. */
    void block(boolean loud) {
        positionMs += BLOCK_MS;
        if (loud) {
            quietRunMs = 0;
            loudRunMs += BLOCK_MS;
            lastLoudEndMs = positionMs;
            if (words == null && loudRunMs >= minSpeechMs) {
                startPhrase();
            }
            if (words != null) {
                speechInPhraseMs += BLOCK_MS;
                reveal();
            }
        } else {
            loudRunMs = 0;
            quietRunMs += BLOCK_MS;
            if (words != null && vadCommits && quietRunMs >= silenceMs) {
                commit();
            }
        }
    }

    /** A manual commit: the phrase so far is final now. */
    void commit() {
        if (words == null) {
            return;
        }
        if (words.length > 0) {
            listener.committed(String.join(" ", words), phraseStartMs, lastLoudEndMs);
        }
        words = null;
    }

    long positionMs() {
        return positionMs;
    }

    private void startPhrase() {
        String phrase = script.get(nextPhrase++ % script.size()).trim();
        words = phrase.isEmpty() ? new String[0] : phrase.split("\\s+");
        phraseStartMs = positionMs - loudRunMs;
        speechInPhraseMs = 0;
        revealed = 0;
    }

    private void reveal() {
        int due = (int) Math.min(words.length, 1 + speechInPhraseMs / wordMs);
        if (due > revealed) {
            revealed = due;
            listener.partial(String.join(" ", List.of(words).subList(0, revealed)));
        }
    }
}
