package io.sayline.tools.elsim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sayline.tools.elsim.ErrorBodies.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a TTS request the way the vendor does (query and JSON body, docs/elevenlabs.md) and yields either the
 * request's text and format or the error status and body to answer with.
 */
final class RequestValidator {
    /** Characters per request for the Flash/Turbo v2.5 models; 10,000 for the others. */
    static final int FLASH_CHAR_LIMIT = 40_000;
    static final int DEFAULT_CHAR_LIMIT = 10_000;
    static final int MAX_REQUEST_IDS = 3;
    static final double MIN_SPEED = 0.7;
    static final double MAX_SPEED = 1.2;
    private static final Set<String> NORMALIZATION = Set.of("auto", "on", "off");
    private static final Set<String> BOOLEANS = Set.of("true", "false");

    /** Either a valid request (status 0) or an error to answer with. */
    record Outcome(int status, ObjectNode errorBody, String text, OutputFormat format, String modelId) {
        boolean ok() {
            return status == 0;
        }
    }

    private RequestValidator() {
    }

    /** Query parameters shared by HTTP and WebSocket: output_format (and its default). */
    static OutputFormat outputFormat(Map<String, String> query, List<Violation> out) {
        String name = query.getOrDefault("output_format", OutputFormat.DEFAULT_NAME);
        OutputFormat f = OutputFormat.parse(name).orElse(null);
        if (f == null) {
            out.add(new Violation(List.of("query", "output_format"),
                    "value is not a valid enumeration member: " + name, "type_error.enum"));
        } else if (f.codec() == OutputFormat.Codec.OPUS) {
            out.add(new Violation(List.of("query", "output_format"),
                    "opus output is unsupported in simulator", "value_error.unsupported"));
            return null;
        }
        return f;
    }

    static Outcome validateHttp(ObjectMapper m, Map<String, String> query, String body) {
        List<Violation> v = new ArrayList<>();
        OutputFormat format = outputFormat(query, v);
        intParam(query, "optimize_streaming_latency", 0, 4, v);
        boolParam(query, "enable_logging", v);
        JsonNode json;
        try {
            json = body.isBlank() ? null : m.readTree(body);
        } catch (JsonProcessingException e) {
            json = null;
        }
        if (json == null) {
            v.add(new Violation(List.of("body", 0), "Expecting value: invalid JSON body", "value_error.jsondecode"));
            return invalid(m, v);
        }
        if (!json.isObject()) {
            v.add(new Violation(List.of("body"), "value is not a valid dict", "type_error.dict"));
            return invalid(m, v);
        }
        JsonNode text = json.get("text");
        if (text == null || text.isNull()) {
            v.add(new Violation(List.of("body", "text"), "field required", "value_error.missing"));
        } else if (!text.isTextual()) {
            v.add(new Violation(List.of("body", "text"), "str type expected", "type_error.str"));
        } else if (text.asText().isEmpty()) {
            v.add(new Violation(List.of("body", "text"), "ensure this value has at least 1 characters",
                    "value_error.any_str.min_length"));
        }
        for (String f : List.of("model_id", "language_code", "previous_text", "next_text")) {
            optionalString(json, f, v);
        }
        voiceSettings(json.get("voice_settings"), List.of("body", "voice_settings"), v);
        for (String f : List.of("previous_request_ids", "next_request_ids", "pronunciation_dictionary_locators")) {
            maxItems(json, f, v);
        }
        JsonNode seed = json.get("seed");
        if (seed != null && !seed.isNull() && (!seed.canConvertToLong() || !seed.isIntegralNumber()
                || seed.asLong() < 0 || seed.asLong() > 4_294_967_295L)) {
            v.add(new Violation(List.of("body", "seed"), "ensure this value is an integer in 0..4294967295",
                    "value_error.number"));
        }
        JsonNode norm = json.get("apply_text_normalization");
        if (norm != null && !norm.isNull() && !NORMALIZATION.contains(norm.asText())) {
            v.add(new Violation(List.of("body", "apply_text_normalization"),
                    "value is not a valid enumeration member; permitted: 'auto', 'on', 'off'", "type_error.enum"));
        }
        if (!v.isEmpty()) {
            return invalid(m, v);
        }
        String modelId = json.path("model_id").asText("eleven_multilingual_v2");
        int limit = charLimit(modelId);
        String t = text.asText();
        if (t.length() > limit) {
            return new Outcome(400, ErrorBodies.detail(m, "max_character_limit_exceeded",
                    "Text is " + t.length() + " characters, the limit for " + modelId + " is " + limit + "."),
                    null, null, modelId);
        }
        return new Outcome(0, null, t, format, modelId);
    }

    static int charLimit(String modelId) {
        return modelId != null && modelId.endsWith("v2_5") ? FLASH_CHAR_LIMIT : DEFAULT_CHAR_LIMIT;
    }

    /** voice_settings ranges: stability, similarity_boost, style 0..1; speed 0.7..1.2; use_speaker_boost boolean. */
    static void voiceSettings(JsonNode vs, List<Object> loc, List<Violation> out) {
        if (vs == null || vs.isNull()) {
            return;
        }
        if (!vs.isObject()) {
            out.add(new Violation(loc, "value is not a valid dict", "type_error.dict"));
            return;
        }
        range(vs, "stability", 0, 1, loc, out);
        range(vs, "similarity_boost", 0, 1, loc, out);
        range(vs, "style", 0, 1, loc, out);
        range(vs, "speed", MIN_SPEED, MAX_SPEED, loc, out);
        JsonNode boost = vs.get("use_speaker_boost");
        if (boost != null && !boost.isNull() && !boost.isBoolean()) {
            out.add(new Violation(append(loc, "use_speaker_boost"), "value could not be parsed to a boolean",
                    "type_error.bool"));
        }
    }

    private static void range(JsonNode obj, String field, double min, double max, List<Object> loc,
            List<Violation> out) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return;
        }
        List<Object> where = append(loc, field);
        if (!n.isNumber()) {
            out.add(new Violation(where, "value is not a valid float", "type_error.float"));
        } else if (n.asDouble() < min) {
            out.add(new Violation(where, "ensure this value is greater than or equal to " + min,
                    "value_error.number.not_ge"));
        } else if (n.asDouble() > max) {
            out.add(new Violation(where, "ensure this value is less than or equal to " + max,
                    "value_error.number.not_le"));
        }
    }

    private static List<Object> append(List<Object> loc, String field) {
        List<Object> l = new ArrayList<>(loc);
        l.add(field);
        return List.copyOf(l);
    }

    private static void optionalString(JsonNode json, String field, List<Violation> out) {
        JsonNode n = json.get(field);
        if (n != null && !n.isNull() && !n.isTextual()) {
            out.add(new Violation(List.of("body", field), "str type expected", "type_error.str"));
        }
    }

    private static void maxItems(JsonNode json, String field, List<Violation> out) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return;
        }
        if (!n.isArray()) {
            out.add(new Violation(List.of("body", field), "value is not a valid list", "type_error.list"));
        } else if (n.size() > MAX_REQUEST_IDS) {
            out.add(new Violation(List.of("body", field), "ensure this value has at most " + MAX_REQUEST_IDS
                    + " items", "value_error.list.max_items"));
        }
    }

    static void intParam(Map<String, String> query, String name, int min, int max, List<Violation> out) {
        String s = query.get(name);
        if (s == null) {
            return;
        }
        List<Object> loc = List.of("query", name);
        try {
            int value = Integer.parseInt(s);
            if (value < min) {
                out.add(new Violation(loc, "ensure this value is greater than or equal to " + min,
                        "value_error.number.not_ge"));
            } else if (value > max) {
                out.add(new Violation(loc, "ensure this value is less than or equal to " + max,
                        "value_error.number.not_le"));
            }
        } catch (NumberFormatException e) {
            out.add(new Violation(loc, "value is not a valid integer", "type_error.integer"));
        }
    }

    static void boolParam(Map<String, String> query, String name, List<Violation> out) {
        String s = query.get(name);
        if (s != null && !BOOLEANS.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            out.add(new Violation(List.of("query", name), "value could not be parsed to a boolean",
                    "type_error.bool"));
        }
    }

    private static Outcome invalid(ObjectMapper m, List<Violation> v) {
        return new Outcome(422, ErrorBodies.validation(m, v), null, null, null);
    }
}
