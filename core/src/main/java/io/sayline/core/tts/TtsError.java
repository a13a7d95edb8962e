package io.sayline.core.tts;

/**
 * A vendor failure as the bot sees it in {@code tts.error}: a stable code and the vendor's own message
 * (never containing the API key).
 *
 * @param code      e.g. {@code http_429}, {@code ws_1008}, {@code connect_failed}, {@code stall}, {@code malformed}
 * @param message   human-readable detail, from the vendor where it gave one
 * @param retryable whether the vendor asked to retry (429 {@code system_busy})
 */
public record TtsError(String code, String message, boolean retryable) {
}
