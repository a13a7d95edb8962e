package io.sayline.core.tts;

import io.sayline.rtp.transcode.AudioFormat;

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

    /**
     * The primary vendor failed with {@code error} and {@code fallbackVendorName} now speaks what was not
     * yet spoken of this utterance (see {@link FallbackTtsSession}). The utterance goes on: no
     * {@link #onError} follows for this failure, and {@link #onEnd()} still arrives once.
     */
    default void onFallback(TtsError error, String fallbackVendorName) {
    }

    /**
     * From the next {@link #onAudio} on, audio is in {@code format} instead of the session's vendor's
     * {@link TtsVendor#outputFormat()}. Called only by a fallback whose vendor speaks another format,
     * before its first audio; decoders must be switched here.
     */
    default void onFormatChange(AudioFormat format) {
    }
}
