package io.sayline.core.stt;

import java.util.List;

/**
 * One server message of the ElevenLabs realtime speech-to-text WebSocket, as {@link ScribeMessages} reads it
 * (https://elevenlabs.io/docs/api-reference/speech-to-text/v-1-speech-to-text-realtime). Vendor times are in
 * seconds from the first audio sent on the socket.
 */
sealed interface ScribeMessage {

    /** {@code session_started}: the socket is ready. */
    record SessionStarted(String sessionId) implements ScribeMessage {
    }

    /** {@code partial_transcript}: replaces the previous partial. */
    record Partial(String text) implements ScribeMessage {
    }

    /** {@code committed_transcript}: the phrase is final. */
    record Committed(String text) implements ScribeMessage {
    }

    /** {@code committed_transcript_with_timestamps}: the same phrase again, with word timings. */
    record CommittedWithTimestamps(String text, String languageCode, List<Word> words) implements ScribeMessage {
        public CommittedWithTimestamps {
            words = List.copyOf(words);
        }
    }

    /** A word (not a spacing or punctuation entry) of a timed commit. */
    record Word(String text, double startSeconds, double endSeconds) {
    }

    /** One of the vendor's error messages ({@code auth_error}, {@code rate_limited}...), with its text. */
    record VendorError(String messageType, String error) implements ScribeMessage {
    }

    /** Anything else: not JSON, or a message type this client does not use. */
    record Unusable(String why) implements ScribeMessage {
    }
}
