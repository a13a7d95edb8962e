package io.sayline.core.stt;

/**
 * A speech-to-text stream's failure as the bot's {@code stt.error} names it, and whether reconnecting can help.
 *
 * @param code      the {@code stt.error} code (docs/protocol.md)
 * @param message   what happened, for people
 * @param retryable whether a new stream may succeed (a dropped connection, a busy vendor), as opposed to a
 *                  refusal that would repeat (a bad key, no quota left, audio the vendor rejects)
 */
record SttFailure(String code, String message, boolean retryable) {
    static final String UNAUTHORIZED = "unauthorized";
    static final String QUOTA_EXCEEDED = "quota_exceeded";
    static final String RATE_LIMITED = "rate_limited";
    static final String INPUT_ERROR = "input_error";
    static final String SESSION_LIMIT = "session_limit";
    static final String VENDOR_ERROR = "vendor_error";
    static final String CONNECTION_LOST = "connection_lost";
    static final String CONNECT_FAILED = "connect_failed";
    static final String NOT_CONFIGURED = "not_configured";
    static final String OVERLOADED = "overloaded";

    /** The vendor's error message types (ScribeMessages.ERROR_TYPES) onto codes. */
    static SttFailure ofVendor(String messageType, String error) {
        String text = messageType + ": " + error;
        return switch (messageType) {
            case "auth_error", "unaccepted_terms" -> new SttFailure(UNAUTHORIZED, text, false);
            case "quota_exceeded" -> new SttFailure(QUOTA_EXCEEDED, text, false);
            case "rate_limited", "commit_throttled", "queue_overflow", "resource_exhausted" ->
                    new SttFailure(RATE_LIMITED, text, true);
            case "input_error", "chunk_size_exceeded" -> new SttFailure(INPUT_ERROR, text, false);
            case "session_time_limit_exceeded", "insufficient_audio_activity" -> new SttFailure(SESSION_LIMIT, text, true);
            default -> new SttFailure(VENDOR_ERROR, text, true);
        };
    }

    /** The handshake was answered with an HTTP status instead of the upgrade. */
    static SttFailure ofHandshake(int status, String why) {
        String text = "handshake refused: HTTP " + status + (why == null || why.isBlank() ? "" : " " + why);
        return switch (status) {
            case 401, 403 -> new SttFailure(UNAUTHORIZED, text, false);
            case 402 -> new SttFailure(QUOTA_EXCEEDED, text, false);
            case 400, 422 -> new SttFailure(INPUT_ERROR, text, false);
            case 429 -> new SttFailure(RATE_LIMITED, text, true);
            default -> new SttFailure(CONNECT_FAILED, text, true);
        };
    }

    static SttFailure connectionLost(String why) {
        return new SttFailure(CONNECTION_LOST, why, true);
    }

    static SttFailure connectFailed(String why) {
        return new SttFailure(CONNECT_FAILED, why, true);
    }
}
