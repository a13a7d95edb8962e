package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The two alignment spellings of the vendor: HTTP with-timestamps (seconds) and WebSocket (ms, chunk-relative). */
final class AlignmentJson {
    static final String DURATIONS_KEY = "charDurationsMs";
    /** How the vendor's docs spell it; clients must read both (docs/elevenlabs.md, "Spelling variants"). */
    static final String DOCS_DURATIONS_KEY = "charsDurationsMs";

    private AlignmentJson() {
    }

    /** {@code characters / character_start_times_seconds / character_end_times_seconds}, shifted by offsetMs. */
    static ObjectNode seconds(ObjectMapper m, Alignment a, double offsetMs) {
        ObjectNode n = m.createObjectNode();
        ArrayNode chars = n.putArray("characters");
        ArrayNode starts = n.putArray("character_start_times_seconds");
        ArrayNode ends = n.putArray("character_end_times_seconds");
        for (int i = 0; i < a.size(); i++) {
            chars.add(a.chars().get(i));
            starts.add(Math.round(a.startMs()[i] + offsetMs) / 1000.0);
            ends.add(Math.round(a.endMs()[i] + offsetMs) / 1000.0);
        }
        return n;
    }

    /** {@code chars / charStartTimesMs / charDurationsMs} (or the docs' charsDurationsMs). */
    static ObjectNode millis(ObjectMapper m, Alignment a, boolean docsDurationsKey) {
        ObjectNode n = m.createObjectNode();
        ArrayNode chars = n.putArray("chars");
        ArrayNode starts = n.putArray("charStartTimesMs");
        ArrayNode durations = n.putArray(docsDurationsKey ? DOCS_DURATIONS_KEY : DURATIONS_KEY);
        for (int i = 0; i < a.size(); i++) {
            chars.add(a.chars().get(i));
            long start = Math.round(a.startMs()[i]);
            starts.add(start);
            durations.add(Math.max(0, Math.round(a.endMs()[i]) - start));
        }
        return n;
    }
}
