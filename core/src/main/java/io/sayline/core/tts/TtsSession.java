package io.sayline.core.tts;

/** One call's use of a vendor. Utterances run one after another, in the order they were started. */
public interface TtsSession extends AutoCloseable {

    /**
     * Starts an utterance. Text arrives through {@link Utterance#append} (an LLM's tokens, or one whole
     * sentence) and ends with {@link Utterance#finish}. Audio, alignment, end and errors go to the listener.
     */
    Utterance start(String utteranceId, TtsListener listener);

    /** Ends the session: cancels whatever is still running and closes warm connections. Idempotent. */
    @Override
    void close();

    /** One utterance's text going in. */
    interface Utterance {
        /** Appends text as the bot wrote it (a token, a clause, or the whole text). */
        void append(String text);

        /** No more text: synthesize what is left, then {@link TtsListener#onEnd()}. */
        void finish();

        /** Stops now (barge-in): after it returns, no further callbacks arrive. Idempotent. */
        void cancel();
    }
}
