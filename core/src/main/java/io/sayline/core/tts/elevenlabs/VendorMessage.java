package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.sayline.core.tts.Alignment;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;

/**
 * One message from ElevenLabs: a WebSocket text frame or a line of {@code /stream/with-timestamps}.
 * Both spellings the vendor uses are accepted (docs/elevenlabs.md, "Spelling variants"): {@code charDurationsMs} /
 * {@code charsDurationsMs}, {@code contextId} / {@code context_id}, {@code isFinal} / {@code is_final}.
 *
 * @param audio     decoded audio, empty when the message carries none
 * @param alignment timing of the chunk's characters relative to the chunk's first sample, or null
 * @param isFinal   the vendor's last message for the stream or context
 * @param contextId multi-context socket: whose message this is, else null
 * @param error     a vendor error object ({@code message}/{@code error} present), else null
 */
record VendorMessage(byte[] audio, Alignment alignment, boolean isFinal, String contextId, JsonNode error) {
    private static final byte[] NO_AUDIO = new byte[0];
    private static final double MS_PER_SECOND = 1000.0;
    /** RFC 4648 base64 as the vendor sends it; padding accepted but not required, as java.util.Base64 does. */
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS
            .withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    private static final ThreadLocal<DecodedAudio> DECODED = ThreadLocal.withInitial(DecodedAudio::new);

    /** A byte sink that keeps its buffer between messages, grown to the largest chunk its thread has decoded. */
    private static final class DecodedAudio extends java.io.ByteArrayOutputStream {
        DecodedAudio() {
            super(8 * 1024);
        }
    }

    /** Thrown for input that is not what the vendor documents; the caller turns it into {@code malformed}. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    /** A text frame, read straight from the UTF-8 bytes received, without a String of it. */
    static VendorMessage parseWebSocket(ObjectMapper json, ByteBuf frame) throws MalformedException {
        return webSocket(parse(json, factory -> frame.hasArray()
                ? factory.createParser(frame.array(), frame.arrayOffset() + frame.readerIndex(), frame.readableBytes())
                : factory.createParser((InputStream) new ByteBufInputStream(frame)), "audio"));
    }

    private static VendorMessage webSocket(Parsed parsed) throws MalformedException {
        JsonNode tree = parsed.rest();
        if (hasText(tree, "message") || hasText(tree, "error") || tree.path("error").isObject()) {
            return new VendorMessage(NO_AUDIO, null, false, contextId(tree), tree);
        }
        boolean isFinal = tree.path("isFinal").asBoolean(false) || tree.path("is_final").asBoolean(false);
        return new VendorMessage(parsed.audio(), webSocketAlignment(parsed.alignment()), isFinal,
                contextId(tree), null);
    }

    /** A line of {@code /stream/with-timestamps} read straight from the bytes received, without a String of it. */
    static VendorMessage parseTimestampsLine(ObjectMapper json, byte[] data, int offset, int length)
            throws MalformedException {
        return timestampsLine(parse(json, factory -> factory.createParser(data, offset, length), "audio_base64"));
    }

    private static VendorMessage timestampsLine(Parsed parsed) throws MalformedException {
        JsonNode tree = parsed.rest();
        if (hasText(tree, "message") || hasText(tree, "error") || tree.path("detail").isObject()) {
            return new VendorMessage(NO_AUDIO, null, false, null, tree);
        }
        return new VendorMessage(parsed.audio(), httpAlignment(parsed.alignment()), false, null, null);
    }

    /** A message's decoded audio, its alignment's arrays (or null), and its other fields as a tree. */
    private record Parsed(byte[] audio, AlignmentArrays alignment, ObjectNode rest) {
    }

    /** How a message's parser is made: from a frame's buffer, or from a line in a byte array. */
    private interface ParserOpener {
        JsonParser open(JsonFactory factory) throws IOException;
    }

    /**
     * Parses a message, decoding the base64 audio straight from the parser's buffer: the audio is most of every
     * message, and reading it as a text node first cost a String and a byte copy of it per chunk, a third of
     * what the vendor threads allocated at 20 talking calls (JFR). The alignment is read token by token
     * ({@link AlignmentArrays}), the normalized alignment (unused) skipped, the few other fields read as a tree.
     */
    private static Parsed parse(ObjectMapper json, ParserOpener opener, String audioField) throws MalformedException {
        try (JsonParser parser = opener.open(json.getFactory())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedException("vendor message is not a JSON object");
            }
            ObjectNode rest = json.createObjectNode();
            byte[] audio = null;
            AlignmentArrays alignment = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && field.equals(audioField)) {
                    audio = base64(parser);
                } else if (value == JsonToken.START_OBJECT && field.equals("alignment")) {
                    alignment = AlignmentArrays.read(parser);
                } else if (field.equals("normalizedAlignment") || field.equals("normalized_alignment")) {
                    parser.skipChildren();
                } else {
                    rest.set(field, json.readTree(parser));
                }
            }
            return new Parsed(audio != null ? audio : audio(rest.path(audioField)), alignment, rest);
        } catch (JsonProcessingException e) {
            throw new MalformedException("vendor message is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedException("vendor message is not JSON: " + e.getMessage()); // in-memory input has no I/O
        }
    }

    /**
     * Decodes into this thread's reusable buffer, then copies once at the exact size: Jackson's
     * {@code getBinaryValue} grows a segmented builder and copies it out, three times the audio's size in garbage
     * per chunk, two fifths of all the server allocated at 500 talking calls (JFR).
     */
    private static byte[] base64(JsonParser parser) throws IOException, MalformedException {
        try {
            DecodedAudio sink = DECODED.get();
            sink.reset();
            parser.readBinaryValue(BASE64, sink);
            return sink.toByteArray();
        } catch (JsonParseException e) {
            throw new MalformedException("audio is not valid base64: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) { // how some Jackson versions report a bad base64 character
            throw new MalformedException("audio is not valid base64: " + e.getMessage());
        }
    }

    private static byte[] audio(JsonNode node) throws MalformedException {
        if (node.isMissingNode() || node.isNull()) {
            return NO_AUDIO;
        }
        if (!node.isTextual()) {
            throw new MalformedException("audio is not a base64 string");
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedException("audio is not valid base64: " + e.getMessage());
        }
    }

    private static Alignment webSocketAlignment(AlignmentArrays node) throws MalformedException {
        if (node == null) {
            return null;
        }
        Object durations = node.has("charDurationsMs") ? node.numbers("charDurationsMs")
                : node.numbers("charsDurationsMs");
        return alignment(node.texts("chars"), node.numbers("charStartTimesMs"), durations, false);
    }

    private static Alignment httpAlignment(AlignmentArrays node) throws MalformedException {
        if (node == null) {
            return null;
        }
        return alignment(node.texts("characters"), node.numbers("character_start_times_seconds"),
                node.numbers("character_end_times_seconds"), true);
    }

    /** Seconds-based alignment carries start and end times; ms-based carries start and duration. */
    private static Alignment alignment(List<String> chars, Object startTimes, Object secondTimes, boolean seconds)
            throws MalformedException {
        if (startTimes == AlignmentArrays.MIXED || secondTimes == AlignmentArrays.MIXED) {
            throw new MalformedException("alignment times must be numbers");
        }
        if (chars == null || !(startTimes instanceof double[] starts) || !(secondTimes instanceof double[] second)
                || starts.length != chars.size() || second.length != chars.size()) {
            throw new MalformedException("alignment arrays are missing or of different lengths");
        }
        int[] startMs = new int[chars.size()];
        int[] durationMs = new int[chars.size()];
        for (int i = 0; i < chars.size(); i++) {
            if (seconds) {
                startMs[i] = (int) Math.round(starts[i] * MS_PER_SECOND);
                durationMs[i] = (int) Math.round(second[i] * MS_PER_SECOND) - startMs[i];
            } else {
                startMs[i] = (int) starts[i];
                durationMs[i] = (int) second[i];
            }
        }
        return new Alignment(chars, startMs, durationMs);
    }

    private static String contextId(JsonNode tree) {
        JsonNode id = tree.has("contextId") ? tree.path("contextId") : tree.path("context_id");
        return id.isTextual() ? id.asText() : null;
    }

    private static boolean hasText(JsonNode tree, String field) {
        return tree.path(field).isTextual() && !tree.path(field).asText().isEmpty();
    }
}
