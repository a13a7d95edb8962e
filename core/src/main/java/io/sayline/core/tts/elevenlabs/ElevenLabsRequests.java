package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sayline.config.TtsVendorConfig;
import io.sayline.config.VoiceSettings;
import io.sayline.core.net.ClientWebSocket;
import io.sayline.core.net.StreamingRequest;
import io.sayline.core.net.VendorUrl;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds ElevenLabs requests and WebSocket messages from a vendor block (docs/elevenlabs.md has every field).
 * Pure: no I/O, so the exact wire shape is testable without a server.
 */
final class ElevenLabsRequests {
    static final String API_KEY_HEADER = "xi-api-key";
    /**
     * docs/elevenlabs.md, "HTTP streaming": previous_text/next_text carry context only; a few hundred
     * characters is plenty.
     */
    static final int MAX_CONTEXT_CHARS = 500;

    /** The three HTTP endpoints under {@code /v1/text-to-speech/{voice_id}}. */
    enum HttpEndpoint {
        /** Whole-utterance, non-streaming ({@code streaming: off}). */
        CONVERT(""),
        /** Raw audio, chunked. */
        STREAM("stream"),
        /** Newline-separated JSON with base64 audio and alignment. */
        STREAM_WITH_TIMESTAMPS("stream/with-timestamps");

        private final String suffix;

        HttpEndpoint(String suffix) {
            this.suffix = suffix;
        }
    }

    private final TtsVendorConfig config;
    private final ObjectMapper json;
    /** {@code BASE/v1/text-to-speech/VOICE}, parsed once: every request copies it. */
    private final VendorUrl voicePath;

    ElevenLabsRequests(TtsVendorConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        VendorUrl base = VendorUrl.of(config.baseUrl()); // throws for a base URL no request could be made of
        if (config.voiceId() == null || config.voiceId().isBlank()) {
            throw new IllegalArgumentException("voiceId must be set for an elevenlabs vendor");
        }
        this.voicePath = base.segments("v1/text-to-speech").segment(config.voiceId());
    }

    /**
     * One HTTP synthesis request for {@code text}; previous/next text only join the prosody. The stall timeout is
     * the read timeout: no byte for that long ends the stream, before its first byte as after.
     */
    StreamingRequest http(HttpEndpoint endpoint, String text, String previousText, String nextText) {
        VendorUrl url = voicePath().segments(endpoint.suffix)
                .query("output_format", config.outputFormat())
                .query("optimize_streaming_latency", config.optimizeStreamingLatency());
        ObjectNode body = json.createObjectNode();
        body.put("text", text);
        putIfSet(body, "model_id", config.modelId());
        putIfSet(body, "language_code", config.languageCode());
        ObjectNode settings = voiceSettings();
        if (settings != null) {
            body.set("voice_settings", settings);
        }
        putIfSet(body, "previous_text", tail(previousText));
        putIfSet(body, "next_text", head(nextText));
        putIfSet(body, "apply_text_normalization", config.applyTextNormalization());
        Map<String, String> headers = new HashMap<>(authorization());
        headers.put("Content-Type", "application/json");
        return new StreamingRequest("POST", url.build(), headers,
                body.toString().getBytes(StandardCharsets.UTF_8), connectTimeoutMs(), stallTimeoutMs());
    }

    /**
     * The WebSocket handshake: {@code stream-input}, or {@code multi-stream-input} for one socket per call. The
     * stall timeout bounds the wait for the handshake's answer.
     */
    StreamingRequest webSocket(boolean multiContext) {
        VendorUrl url = voicePath().segment(multiContext ? "multi-stream-input" : "stream-input")
                .query("model_id", config.modelId())
                .query("output_format", config.outputFormat())
                .query("auto_mode", config.autoMode())
                .query("inactivity_timeout", config.inactivityTimeoutSeconds())
                .query("sync_alignment", config.syncAlignment())
                .query("language_code", config.languageCode())
                .query("apply_text_normalization", config.applyTextNormalization());
        return new StreamingRequest("GET", ClientWebSocket.uriFor(url.build()), authorization(), new byte[0],
                connectTimeoutMs(), stallTimeoutMs());
    }

    /**
     * The first message of a socket or context: text is exactly one space
     * (docs/elevenlabs.md, "WebSocket input streaming"). Voice settings go only here: ElevenLabs closes with
     * 1008 if they change after the first message.
     */
    String initMessage(String contextId) {
        ObjectNode message = json.createObjectNode();
        message.put("text", " ");
        ObjectNode settings = voiceSettings();
        if (settings != null) {
            message.set("voice_settings", settings);
        }
        List<Integer> schedule = config.chunkLengthSchedule();
        if (schedule != null && !schedule.isEmpty()) {
            ObjectNode generation = message.putObject("generation_config");
            schedule.forEach(generation.putArray("chunk_length_schedule")::add);
        }
        putIfSet(message, "context_id", contextId);
        return message.toString();
    }

    /** Appended text; each text must end with a space or the vendor may glue it to the next word. */
    String textMessage(String text, String contextId) {
        ObjectNode message = json.createObjectNode();
        message.put("text", text.endsWith(" ") ? text : text + " ");
        message.put("try_trigger_generation", true);
        putIfSet(message, "context_id", contextId);
        return message.toString();
    }

    /** Generates everything buffered now and keeps the socket (or context) open. */
    String flushMessage(String contextId) {
        ObjectNode message = json.createObjectNode();
        message.put("text", " ");
        message.put("flush", true);
        putIfSet(message, "context_id", contextId);
        return message.toString();
    }

    /** Single-context end of input: the vendor generates what is left, sends isFinal and closes. */
    String endMessage() {
        return "{\"text\":\"\"}";
    }

    /** Ends one context of a multi-context socket: after its flush (end of turn), or alone (barge-in). */
    String closeContextMessage(String contextId) {
        ObjectNode message = json.createObjectNode();
        message.put("context_id", contextId);
        message.put("close_context", true);
        return message.toString();
    }

    /** Resets the vendor's inactivity timer without adding speech. */
    String keepaliveMessage() {
        return "{\"text\":\" \"}";
    }

    /** Multi-context: ends every context and the socket. */
    String closeSocketMessage() {
        return "{\"close_socket\":true}";
    }

    /** voice_settings in the vendor's snake_case; null fields are omitted so the voice's defaults apply. */
    ObjectNode voiceSettings() {
        VoiceSettings settings = config.voiceSettings();
        if (settings == null) {
            return null;
        }
        ObjectNode node = json.createObjectNode();
        if (settings.stability() != null) {
            node.put("stability", settings.stability());
        }
        if (settings.similarityBoost() != null) {
            node.put("similarity_boost", settings.similarityBoost());
        }
        if (settings.style() != null) {
            node.put("style", settings.style());
        }
        if (settings.useSpeakerBoost() != null) {
            node.put("use_speaker_boost", settings.useSpeakerBoost());
        }
        if (settings.speed() != null) {
            node.put("speed", settings.speed());
        }
        return node.isEmpty() ? null : node;
    }

    private VendorUrl voicePath() {
        return voicePath.copy();
    }

    private Map<String, String> authorization() {
        boolean hasKey = config.apiKey() != null && !config.apiKey().isEmpty();
        return hasKey ? Map.of(API_KEY_HEADER, config.apiKey()) : Map.of();
    }

    private int connectTimeoutMs() {
        return config.connectTimeoutMs() == null
                ? (int) ElevenLabsVendor.DEFAULT_CONNECT_TIMEOUT_MS : config.connectTimeoutMs();
    }

    long stallTimeoutMs() {
        return config.stallTimeoutMs() == null ? ElevenLabsVendor.DEFAULT_STALL_TIMEOUT_MS : config.stallTimeoutMs();
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(key, value);
        }
    }

    private static String tail(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        return trimmed.length() <= MAX_CONTEXT_CHARS ? trimmed : trimmed.substring(trimmed.length() - MAX_CONTEXT_CHARS);
    }

    private static String head(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        return trimmed.length() <= MAX_CONTEXT_CHARS ? trimmed : trimmed.substring(0, MAX_CONTEXT_CHARS);
    }
}
