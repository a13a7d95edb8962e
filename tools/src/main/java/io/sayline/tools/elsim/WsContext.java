package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.sayline.tools.elsim.ErrorBodies.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * One generation context of a WebSocket: the single context of {@code stream-input}, or one
 * {@code context_id} of {@code multi-stream-input}. Buffers text and decides when to generate like the
 * vendor: after the chunk_length_schedule's next threshold of buffered characters, at once in auto_mode,
 * and on flush / end. Guarded by the socket's event loop.
 */
final class WsContext {
    /** The vendor's default chunk_length_schedule. */
    static final int[] DEFAULT_SCHEDULE = {120, 160, 250, 290};
    static final int MIN_SCHEDULE = 50;
    static final int MAX_SCHEDULE = 500;

    final String id;
    JsonNode voiceSettings;
    private final int[] schedule;
    private final boolean autoMode;
    private final StringBuilder buffer = new StringBuilder();
    private int generations;
    ChunkPacer pacer;

    WsContext(String id, JsonNode voiceSettings, int[] schedule, boolean autoMode) {
        this.id = id;
        this.voiceSettings = voiceSettings;
        this.schedule = schedule.clone();
        this.autoMode = autoMode;
    }

    /**
     * A context from its first message: voice_settings ranges and chunk_length_schedule entries 50..500
     * (vendor schema). Throws IllegalArgumentException with the 1008 reason when they are invalid.
     */
    static WsContext fromInit(String id, JsonNode json, boolean autoMode) {
        JsonNode vs = json.get("voice_settings");
        List<Violation> v = new ArrayList<>();
        RequestValidator.voiceSettings(vs, List.of("voice_settings"), v);
        if (!v.isEmpty()) {
            throw new IllegalArgumentException("Invalid voice_settings: " + v.get(0).loc() + " " + v.get(0).msg());
        }
        int[] schedule = DEFAULT_SCHEDULE;
        JsonNode cls = json.path("generation_config").get("chunk_length_schedule");
        if (cls != null && !cls.isNull()) {
            if (!cls.isArray() || cls.isEmpty()) {
                throw new IllegalArgumentException("Invalid chunk_length_schedule: expected a non-empty list");
            }
            schedule = new int[cls.size()];
            for (int i = 0; i < cls.size(); i++) {
                int n = cls.get(i).asInt(-1);
                if (!cls.get(i).isNumber() || n < MIN_SCHEDULE || n > MAX_SCHEDULE) {
                    throw new IllegalArgumentException("Invalid chunk_length_schedule: values must be between "
                            + MIN_SCHEDULE + " and " + MAX_SCHEDULE);
                }
                schedule[i] = n;
            }
        }
        return new WsContext(id, vs == null || vs.isNull() ? null : vs, schedule, autoMode);
    }

    int buffered() {
        return buffer.length();
    }

    /**
     * Appends client text. A lone space (keepalive, or a separator) is only kept between words, so keepalives
     * do not count towards the schedule.
     */
    void append(String text) {
        if (text.isBlank() && (buffer.length() == 0 || Character.isWhitespace(buffer.charAt(buffer.length() - 1)))) {
            return;
        }
        buffer.append(text);
    }

    /** The threshold for the next generation: the schedule's next entry, its last one repeating. */
    int nextThreshold() {
        return schedule[Math.min(generations, schedule.length - 1)];
    }

    /** Whether buffered text should be generated now (schedule, auto_mode or try_trigger_generation). */
    boolean due(boolean tryTrigger) {
        if (buffer.toString().isBlank()) {
            return false;
        }
        if (autoMode) {
            return true;
        }
        return buffer.length() >= nextThreshold() || (tryTrigger && buffer.length() >= MIN_SCHEDULE);
    }

    /** Drops unflushed text (close_context, close_socket). */
    void discardBuffered() {
        buffer.setLength(0);
    }

    /** Takes everything buffered for one generation; null when there is nothing but whitespace. */
    String take() {
        String text = buffer.toString();
        buffer.setLength(0);
        if (text.isBlank()) {
            return null;
        }
        generations++;
        return text;
    }
}
