package io.sayline.core.tts.elevenlabs;

/**
 * Decides when a streamed utterance's first sentence is complete, so it can be flushed at once.
 *
 * <p>ElevenLabs buffers WebSocket text until its {@code chunk_length_schedule} threshold (120 characters by
 * default) before generating anything. A bot that streams "Sure, let me check." token by token and then
 * thinks for a while would leave the caller in silence until its next sentence pushed the buffer over the
 * threshold. Flushing the first sentence as soon as it ends gets speech started; later sentences go by the
 * schedule, which is what the vendor tunes for prosody. In {@code auto_mode} the vendor decides itself.
 * Not thread-safe: the utterance's own lock guards it.
 */
final class FirstSentenceFlush {
    private final boolean enabled;
    private boolean done;
    private int flushedChars;

    FirstSentenceFlush(boolean autoMode) {
        this.enabled = !autoMode;
    }

    /** True exactly once: when {@code textSoFar} first ends a sentence. */
    boolean due(CharSequence textSoFar) {
        if (!enabled || done) {
            return false;
        }
        int end = textSoFar.length() - 1;
        while (end >= 0 && (Character.isWhitespace(textSoFar.charAt(end)) || textSoFar.charAt(end) == '"')) {
            end--;
        }
        if (end < 0) {
            return false;
        }
        char last = textSoFar.charAt(end);
        done = last == '.' || last == '!' || last == '?';
        if (done) {
            flushedChars = textSoFar.length();
        }
        return done;
    }

    /** Whether text arrived after the first-sentence flush (or there was none): the end of turn must flush it. */
    boolean pending(CharSequence textSoFar) {
        return textSoFar.length() > flushedChars;
    }
}
