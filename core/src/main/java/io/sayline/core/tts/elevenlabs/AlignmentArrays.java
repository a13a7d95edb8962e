package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A vendor alignment object read token by token: its arrays of characters and of times, by field name. Read as a
 * tree it was a fifth of what the server allocated at 1,000 talking calls (a node per number, a String per
 * character; JFR); here a character is a shared String when it is ASCII, and times go straight into arrays.
 */
final class AlignmentArrays {
    /** The one-character Strings of ASCII: most characters the vendor aligns. */
    private static final String[] ASCII = new String[128];

    static {
        for (char c = 0; c < ASCII.length; c++) {
            ASCII[c] = String.valueOf(c).intern();
        }
    }

    /** An array that held something other than numbers (or other than strings). */
    static final Object MIXED = new Object();

    private final Map<String, Object> byField = new HashMap<>(4);

    private AlignmentArrays() {
    }

    /** Reads the object the parser is at ({@code START_OBJECT}); fields that are not arrays are skipped. */
    static AlignmentArrays read(JsonParser parser) throws IOException {
        AlignmentArrays arrays = new AlignmentArrays();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY) {
                arrays.byField.put(field, readArray(parser));
            } else {
                parser.skipChildren();
            }
        }
        return arrays;
    }

    boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The field's strings, or null when it is missing or holds anything else. */
    @SuppressWarnings("unchecked")
    List<String> texts(String field) {
        return byField.get(field) instanceof List<?> list ? (List<String>) list : null;
    }

    /** The field's numbers as a double[]; null when it is missing, {@link #MIXED} when it holds anything else. */
    Object numbers(String field) {
        Object value = byField.get(field);
        if (value instanceof List<?> texts) {
            return texts.isEmpty() ? new double[0] : MIXED;
        }
        return value;
    }

    /** A List of Strings, a double[] of numbers, or {@link #MIXED}. */
    private static Object readArray(JsonParser parser) throws IOException {
        List<String> texts = null;
        double[] numbers = null;
        int count = 0;
        boolean mixed = false;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == JsonToken.VALUE_STRING && numbers == null) {
                texts = texts == null ? new ArrayList<>() : texts;
                texts.add(text(parser));
            } else if (token.isNumeric() && texts == null) {
                numbers = numbers == null ? new double[16] : numbers.length == count ? Arrays.copyOf(numbers, 2 * count)
                        : numbers;
                numbers[count++] = parser.getDoubleValue();
            } else {
                mixed = true;
                parser.skipChildren();
            }
        }
        if (mixed) {
            return MIXED;
        }
        return numbers != null ? Arrays.copyOf(numbers, count) : texts != null ? texts : List.of();
    }

    private static String text(JsonParser parser) throws IOException {
        if (parser.getTextLength() == 1) {
            char c = parser.getTextCharacters()[parser.getTextOffset()];
            if (c < ASCII.length) {
                return ASCII[c];
            }
        }
        return parser.getText();
    }
}
