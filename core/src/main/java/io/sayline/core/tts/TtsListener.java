package io.sayline.core.tts;

/**
 * Receives one utterance's output. Called on vendor threads, in order, never concurrently for the
 * same utterance. After {@link #onEnd()} or {@link #onError} nothing more arrives.
 */
public interface TtsListener {

    /** The vendor request carrying this utterance's first text left (for the latency breakdown). */
    default void onRequestSent() {
    }

    /**
     * A chunk of audio in {@link TtsVendor#outputFormat()}. Chunk boundaries carry no meaning (a sample
     * or an MP3 frame may be split). The array is the listener's to keep.
     */
    void onAudio(byte[] chunk);

    /** Character timing for text spoken in the audio delivered so far (vendors that provide it). */
    default void onAlignment(Alignment alignment) {
    }

    /** All audio has been delivered. */
    void onEnd();

    /** The vendor failed; audio delivered before this stays valid. */
    void onError(TtsError error);
}
