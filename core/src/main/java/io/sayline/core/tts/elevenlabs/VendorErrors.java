package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.core.tts.TtsError;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Turns ElevenLabs failures into {@link TtsError}s with stable codes and the vendor's own message.
 * Every message passes through {@link #redact} so the API key never reaches a log line or the bot,
 * even when a vendor (or a proxy) echoes the request back.
 */
final class VendorErrors {
    static final String CONNECT_FAILED = "connect_failed";
    static final String TIMEOUT = "timeout";
    static final String STALL = "stall";
    static final String DROPPED = "dropped";
    static final String MALFORMED = "malformed";
    static final String VENDOR_ERROR = "vendor_error";
    static final String REDACTED = "[redacted]";
    /** Error bodies are read up to this size; the rest is not worth the memory. */
    static final int MAX_ERROR_BODY_BYTES = 16 * 1024;
    private static final int MAX_MESSAGE_CHARS = 300;
    private static final int HTTP_TOO_MANY_REQUESTS = 429;
    private static final int HTTP_SERVER_ERROR = 500;
    /**
     * docs/elevenlabs.md, "HTTP errors": the 429 statuses that mean "retry with backoff" (not quota or plan limits).
     */
    private static final Set<String> RETRYABLE_STATUSES = Set.of("system_busy", "too_many_concurrent_requests");

    private final String apiKey;
    private final ObjectMapper json;

    VendorErrors(String apiKey, ObjectMapper json) {
        this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
        this.json = json;
    }

    /** A non-2xx HTTP answer (also a refused WebSocket handshake). */
    TtsError httpStatus(int status, String body) {
        String code = status >= HTTP_SERVER_ERROR ? "http_5xx" : "http_" + status;
        JsonNode tree = parse(body);
        JsonNode detail = tree == null ? null : tree.path("detail");
        String vendorStatus = detail == null ? null : text(detail.path("status"));
        String message = tree == null ? null : messageOf(tree);
        if (message == null) {
            message = vendorStatus != null ? vendorStatus : "HTTP " + status;
        }
        boolean retryable = status == HTTP_TOO_MANY_REQUESTS && vendorStatus != null
                && RETRYABLE_STATUSES.contains(vendorStatus);
        return error(code, message, retryable);
    }

    /** An I/O failure; {@code audioSeen} tells a stall (mid-stream) from a first-byte timeout. */
    TtsError io(IOException e, boolean responseSeen, boolean audioSeen) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (!responseSeen && isConnectFailure(e)) {
            return error(CONNECT_FAILED, detail, false);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return audioSeen ? error(STALL, "no audio for the stall timeout: " + detail, false)
                    : error(TIMEOUT, "no audio before the timeout: " + detail, false);
        }
        return error(DROPPED, detail, false);
    }

    /** The stall watch fired: no audio within the timeout after the flush, or none since the last chunk. */
    TtsError noAudio(boolean audioSeen, long timeoutMs) {
        return audioSeen ? error(STALL, "no audio for " + timeoutMs + " ms", false)
                : error(TIMEOUT, "no audio within " + timeoutMs + " ms", false);
    }

    /** A WebSocket closed by the vendor with a code other than normal closure. */
    TtsError close(int code, String reason) {
        return error("ws_" + code, reason == null || reason.isEmpty() ? "closed with " + code : reason, false);
    }

    /** A vendor JSON message carrying {@code message} or {@code error}. */
    TtsError vendorMessage(JsonNode message) {
        String text = messageOf(message);
        return error(VENDOR_ERROR, text == null ? message.toString() : text, false);
    }

    TtsError error(String code, String message, boolean retryable) {
        return new TtsError(code, redact(message), retryable);
    }

    /** The message with every occurrence of the API key replaced, and bounded in length. */
    String redact(String message) {
        if (message == null) {
            return null;
        }
        String clean = apiKey == null ? message : message.replace(apiKey, REDACTED);
        return clean.length() <= MAX_MESSAGE_CHARS ? clean : clean.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    /** detail.message, detail[0].msg, detail as text, then a top-level message or error. */
    private static String messageOf(JsonNode tree) {
        JsonNode detail = tree.path("detail");
        if (detail.isObject()) {
            String message = text(detail.path("message"));
            if (message != null) {
                return message;
            }
        } else if (detail.isArray() && !detail.isEmpty()) {
            String message = text(detail.get(0).path("msg"));
            if (message != null) {
                return message;
            }
        } else if (detail.isTextual()) {
            return detail.asText();
        }
        String message = text(tree.path("message"));
        if (message != null) {
            return message;
        }
        JsonNode error = tree.path("error");
        return error.isObject() ? text(error.path("message")) : text(error);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode tree = json.readTree(body);
            return tree != null && tree.isObject() ? tree : null;
        } catch (IOException e) {
            return null; // not JSON: the status code alone describes the failure
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static boolean isConnectFailure(IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return true;
        }
        return e instanceof SocketTimeoutException && e.getMessage() != null && e.getMessage().contains("connect");
    }
}
