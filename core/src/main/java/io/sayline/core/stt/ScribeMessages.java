package io.sayline.core.stt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The realtime speech-to-text wire format, both ways. The vendor's pages disagree on small points, so reading
 * accepts both spellings of the discriminator ({@code message_type}, and {@code type} in some examples).
 * Thread-safe (the mapper is).
 */
final class ScribeMessages {
    /** The error message types the vendor documents; anything else with an {@code error} text is one too. */
    static final Set<String> ERROR_TYPES = Set.of("error", "auth_error", "quota_exceeded", "commit_throttled",
            "transcriber_error", "unaccepted_terms", "rate_limited", "input_error", "queue_overflow",
            "resource_exhausted", "session_time_limit_exceeded", "chunk_size_exceeded",
            "insufficient_audio_activity");

    private final ObjectMapper json;

    ScribeMessages(ObjectMapper json) {
        this.json = json;
    }

    ScribeMessage read(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (Exception e) {
            return new ScribeMessage.Unusable("not JSON");
        }
        if (node == null || !node.isObject()) {
            return new ScribeMessage.Unusable("not a JSON object");
        }
        String type = node.path("message_type").asText(node.path("type").asText(""));
        switch (type) {
            case "session_started":
                return new ScribeMessage.SessionStarted(node.path("session_id").asText(""));
            case "partial_transcript":
                return new ScribeMessage.Partial(node.path("text").asText(""));
            case "committed_transcript":
                return new ScribeMessage.Committed(node.path("text").asText(""));
            case "committed_transcript_with_timestamps":
                return timed(node);
            default:
                if (ERROR_TYPES.contains(type) || node.has("error")) {
                    return new ScribeMessage.VendorError(type.isEmpty() ? "error" : type,
                            node.path("error").asText(node.path("message").asText(type)));
                }
                return new ScribeMessage.Unusable("unknown message type '" + type + "'");
        }
    }

    private static ScribeMessage timed(JsonNode node) {
        List<ScribeMessage.Word> words = new ArrayList<>();
        for (JsonNode word : node.path("words")) {
            if ("word".equals(word.path("type").asText("word"))) {
                words.add(new ScribeMessage.Word(word.path("text").asText(""), word.path("start").asDouble(),
                        word.path("end").asDouble()));
            }
        }
        String language = node.hasNonNull("language_code") ? node.get("language_code").asText() : null;
        return new ScribeMessage.CommittedWithTimestamps(node.path("text").asText(""), language, words);
    }

    /** An {@code input_audio_chunk} of μ-law audio at 8 kHz. */
    String audioChunk(byte[] ulaw) {
        return json.createObjectNode().put("message_type", "input_audio_chunk")
                .put("audio_base_64", Base64.getEncoder().encodeToString(ulaw))
                .put("commit", false).put("sample_rate", ScribeStream.SAMPLE_RATE).toString();
    }
}
