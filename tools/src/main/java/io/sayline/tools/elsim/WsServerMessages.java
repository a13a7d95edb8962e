package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * The JSON text frames the simulator sends on {@code stream-input} / {@code multi-stream-input}
 * (docs/elevenlabs.md, "WebSocket server messages", and the vendor's AsyncAPI schema for multi-context), with the
 * spelling switches of {@link SimKnobs}. {@code contextId} null means a single-context socket.
 */
final class WsServerMessages {
    /** What the malformed knob sends instead of a frame: cut-off JSON. */
    static final String INVALID_JSON = "{\"audio\": \"AAAA\", \"isFinal\": fal";
    /** What the malformed knob puts in {@code audio}: not base64. */
    static final String INVALID_BASE64 = "!!not*base64!!";

    private final ObjectMapper mapper;

    WsServerMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String audio(AudioChunk chunk, String contextId, SimKnobs k, boolean badBase64) {
        ObjectNode m = mapper.createObjectNode();
        m.put("audio", badBase64 ? INVALID_BASE64 : Base64.getEncoder().encodeToString(chunk.audio()));
        if (contextId == null) {
            // The multi-context schema's audio messages (AudioOutputMulti) carry no isFinal.
            m.put(finalKey(k), false);
        }
        if (chunk.alignment().size() == 0) {
            m.putNull("alignment");
            m.putNull("normalizedAlignment");
        } else {
            ObjectNode al = AlignmentJson.millis(mapper, chunk.alignment(), k.docsDurationsKey());
            m.set("alignment", al);
            m.set("normalizedAlignment", al.deepCopy());
        }
        if (contextId != null) {
            m.put(contextKey(k), contextId);
        }
        return m.toString();
    }

    String isFinal(String contextId, SimKnobs k) {
        ObjectNode m = mapper.createObjectNode();
        if (contextId != null) {
            m.put(contextKey(k), contextId);
        }
        m.put(finalKey(k), true);
        return m.toString();
    }

    /** Sent before closing 1008 when the first message's key is wrong. */
    String invalidKey(int code) {
        return error("Invalid API key", "invalid_api_key", code);
    }

    /**
     * A vendor error message (docs/elevenlabs.md, "WebSocket errors and close codes": a JSON message with
     * message/error is an error too).
     */
    String error(String message, String error, int code) {
        return mapper.createObjectNode().put("message", message).put("error", error).put("code", code).toString();
    }

    private static String contextKey(SimKnobs k) {
        return k.snakeCaseContextId() ? "context_id" : "contextId";
    }

    private static String finalKey(SimKnobs k) {
        return k.snakeCaseIsFinal() ? "is_final" : "isFinal";
    }
}
