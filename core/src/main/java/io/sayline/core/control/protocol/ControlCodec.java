package io.sayline.core.control.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON text ↔ control protocol v1 messages. Every frame is one JSON object with a {@code type};
 * unknown fields are ignored. Decoding never throws: a bad frame gives a {@link Decoded} holding the
 * {@code error} event to send back ({@code ref} = the frame's {@code type} when it had one).
 * Thread-safe and stateless.
 */
public final class ControlCodec {
    /**
     * The protocol revision this server speaks, sent in {@code session.start} as {@code protocolVersion}. Minor
     * revisions only add (v1.1: {@code listen}), so the WebSocket subprotocol stays {@code sayline.v1}: a v1 bot
     * ignores the unknown field and never sees anything it did not ask for.
     */
    public static final String PROTOCOL_VERSION = "1.1";
    /** Nesting deeper than this is no control message; it bounds the parser's stack on hostile input. */
    static final int MAX_NESTING_DEPTH = 32;
    /** Longest quoted type/field text echoed into an error message. */
    private static final int MAX_ECHO_CHARS = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final CommandDecoder COMMANDS = new CommandDecoder(MAPPER);
    private static final EventDecoder EVENTS = new EventDecoder();
    private static final MessageEncoder ENCODER = new MessageEncoder(MAPPER);

    private ControlCodec() {
    }

    /** A bot's text frame → the command it holds, or the error to send back. */
    public static Decoded<Command> decode(String json) {
        try {
            JsonNode root = parseObject(json);
            return Decoded.ok(COMMANDS.decode(typeOf(root), root));
        } catch (JsonFields.Invalid invalid) {
            return Decoded.invalid(invalid.error);
        }
    }

    /** Sayline's text frame → the event it holds (for the bot side), or what was wrong with it. */
    public static Decoded<Event> decodeEvent(String json) {
        try {
            JsonNode root = parseObject(json);
            return Decoded.ok(EVENTS.decode(typeOf(root), root));
        } catch (JsonFields.Invalid invalid) {
            return Decoded.invalid(invalid.error);
        }
    }

    public static String encode(Event event) {
        return ENCODER.encode(event);
    }

    public static String encode(Command command) {
        return ENCODER.encode(command);
    }

    /** The error for a frame over the size limit; its type is unknown because it was not parsed. */
    public static Event.Error frameTooLarge(long bytes, int limit) {
        return Event.Error.of(ProtocolErrorCode.FRAME_TOO_LARGE,
                "frame of " + bytes + " bytes exceeds the limit of " + limit + " bytes", null);
    }

    /** The error for a binary frame from a bot: commands are JSON text only (binary goes only to bots). */
    public static Event.Error binaryFrame() {
        return Event.Error.of(ProtocolErrorCode.BINARY_FRAME,
                "bots send commands as JSON text frames, never binary frames", null);
    }

    private static JsonNode parseObject(String json) throws JsonFields.Invalid {
        if (json == null || json.isBlank()) {
            throw new JsonFields.Invalid(ProtocolErrorCode.INVALID_JSON, "frame is empty", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new JsonFields.Invalid(ProtocolErrorCode.INVALID_JSON,
                    "frame is not valid JSON: " + clip(e.getOriginalMessage()), null);
        }
        if (root == null || !root.isObject()) {
            String kind = root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            throw new JsonFields.Invalid(ProtocolErrorCode.INVALID_JSON,
                    "frame must be a JSON object, was " + kind, null);
        }
        return root;
    }

    private static String typeOf(JsonNode root) throws JsonFields.Invalid {
        JsonNode type = root.get("type");
        if (type == null || type.isNull()) {
            throw new JsonFields.Invalid(ProtocolErrorCode.MISSING_FIELD, "every message needs field 'type'", null);
        }
        if (!type.isTextual()) {
            throw new JsonFields.Invalid(ProtocolErrorCode.WRONG_TYPE, "field 'type' must be a string", null);
        }
        String text = type.textValue();
        if (text.length() > MAX_ECHO_CHARS) {
            throw new JsonFields.Invalid(ProtocolErrorCode.UNKNOWN_TYPE,
                    "unknown type '" + clip(text) + "'", clip(text));
        }
        return text;
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS) + "…";
    }
}
