package io.sayline.core.control.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed, checked access to the fields of one decoded JSON object. A problem stops decoding with
 * {@link Invalid}, which carries the {@code error} event naming the field; the decoders catch it,
 * so it never leaves this package. JSON {@code null} counts as absent.
 */
final class JsonFields {
    private final JsonNode node;
    private final String type;

    JsonFields(JsonNode node, String type) {
        this.node = node;
        this.type = type;
    }

    /** The stack-less carrier of a decoding problem. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Event.Error error;

        Invalid(ProtocolErrorCode code, String message, String ref) {
            super(message, null, false, false);
            this.error = Event.Error.of(code, message, ref);
        }
    }

    String text(String name) throws Invalid {
        return requireText(name, required(name));
    }

    String optionalText(String name, String absent) throws Invalid {
        JsonNode field = optional(name);
        return field == null ? absent : requireText(name, field);
    }

    boolean optionalBoolean(String name, boolean absent) throws Invalid {
        Boolean value = optionalBoolean(name);
        return value == null ? absent : value;
    }

    Boolean optionalBoolean(String name) throws Invalid {
        JsonNode field = optional(name);
        if (field == null) {
            return null;
        }
        if (!field.isBoolean()) {
            throw wrongType(name, "a boolean", field);
        }
        return field.booleanValue();
    }

    boolean booleanField(String name) throws Invalid {
        JsonNode field = required(name);
        if (!field.isBoolean()) {
            throw wrongType(name, "a boolean", field);
        }
        return field.booleanValue();
    }

    long optionalInteger(String name, long absent) throws Invalid {
        return optional(name) == null ? absent : integer(name);
    }

    long integer(String name) throws Invalid {
        JsonNode field = required(name);
        if (!field.isIntegralNumber() || !field.canConvertToLong()) {
            throw wrongType(name, "an integer", field);
        }
        return field.longValue();
    }

    JsonNode object(String name) throws Invalid {
        JsonNode field = required(name);
        if (!field.isObject()) {
            throw wrongType(name, "an object", field);
        }
        return field;
    }

    /** An array, or null when absent. */
    JsonNode optionalArray(String name) throws Invalid {
        JsonNode field = optional(name);
        if (field != null && !field.isArray()) {
            throw wrongType(name, "an array", field);
        }
        return field;
    }

    JsonFields nested(String name) throws Invalid {
        return new JsonFields(object(name), type);
    }

    /** An object of string values, e.g. selected SIP headers. Absent gives an empty map. */
    Map<String, String> optionalStringMap(String name) throws Invalid {
        JsonNode field = optional(name);
        Map<String, String> map = new LinkedHashMap<>();
        if (field == null) {
            return map;
        }
        if (!field.isObject()) {
            throw wrongType(name, "an object", field);
        }
        var entries = field.fields();
        while (entries.hasNext()) {
            var entry = entries.next();
            if (!entry.getValue().isTextual()) {
                throw wrongType(name + "." + entry.getKey(), "a string", entry.getValue());
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    Invalid invalidValue(String name, String problem) {
        return new Invalid(ProtocolErrorCode.INVALID_VALUE, type + "." + name + ": " + problem, type);
    }

    private JsonNode required(String name) throws Invalid {
        JsonNode field = optional(name);
        if (field == null) {
            throw new Invalid(ProtocolErrorCode.MISSING_FIELD,
                    type + " needs field '" + name + "'", type);
        }
        return field;
    }

    private JsonNode optional(String name) {
        JsonNode field = node.get(name);
        return field == null || field.isNull() ? null : field;
    }

    private String requireText(String name, JsonNode field) throws Invalid {
        if (!field.isTextual()) {
            throw wrongType(name, "a string", field);
        }
        return field.textValue();
    }

    private Invalid wrongType(String name, String expected, JsonNode actual) {
        return new Invalid(ProtocolErrorCode.WRONG_TYPE,
                type + "." + name + " must be " + expected + ", was " + actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                type);
    }
}
