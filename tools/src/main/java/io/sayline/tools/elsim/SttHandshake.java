package io.sayline.tools.elsim;

import io.sayline.tools.elsim.ErrorBodies.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the query of a {@code GET /v1/speech-to-text/realtime} upgrade against the vendor's parameter ranges
 * (https://elevenlabs.io/docs/api-reference/speech-to-text/v-1-speech-to-text-realtime) and yields the
 * session's settings, or the 422 violations to refuse the upgrade with.
 */
final class SttHandshake {
    static final String DEFAULT_FORMAT = "pcm_16000";
    private static final Pattern FORMAT = Pattern.compile("pcm_(8000|16000|22050|24000|44100|48000)|ulaw_8000");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern MODEL = Pattern.compile("scribe_v\\d+_realtime");

    /** The session's settings; durations in ms. */
    record Settings(String audioFormat, int sampleRate, boolean ulaw, String modelId, String languageCode,
                    boolean vadCommits, int silenceMs, double vadThreshold, int minSpeechMs, int minSilenceMs,
                    boolean includeTimestamps, boolean includeLanguage) {
    }

    /** Either settings or violations. */
    record Outcome(Settings settings, List<Violation> violations) {
        boolean ok() {
            return violations.isEmpty();
        }
    }

    private SttHandshake() {
    }

    static Outcome validate(Map<String, String> query) {
        List<Violation> v = new ArrayList<>();
        String model = query.get("model_id");
        if (model == null) {
            v.add(violation("model_id", "field required", "value_error.missing"));
        } else if (!MODEL.matcher(model).matches()) {
            v.add(violation("model_id", "unknown realtime model: " + model, "value_error.model"));
        }
        String format = query.getOrDefault("audio_format", DEFAULT_FORMAT);
        if (!FORMAT.matcher(format).matches()) {
            v.add(violation("audio_format", "value is not a valid enumeration member: " + format, "type_error.enum"));
        }
        String language = query.get("language_code");
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            v.add(violation("language_code", "not an ISO 639-1 or 639-3 code: " + language, "value_error"));
        }
        String strategy = query.getOrDefault("commit_strategy", "manual");
        if (!strategy.equals("manual") && !strategy.equals("vad")) {
            v.add(violation("commit_strategy", "value is not a valid enumeration member: " + strategy, "type_error.enum"));
        }
        double silence = number(query, "vad_silence_threshold_secs", 1.5, v);
        if (!(silence > 0.3 && silence <= 3)) {
            v.add(violation("vad_silence_threshold_secs", "must be > 0.3 and <= 3", "value_error.number.range"));
        }
        double threshold = number(query, "vad_threshold", 0.4, v);
        if (!(threshold >= 0.1 && threshold <= 0.9)) {
            v.add(violation("vad_threshold", "must be >= 0.1 and <= 0.9", "value_error.number.range"));
        }
        int minSpeech = (int) whole(query, "min_speech_duration_ms", 100, 50, 2000, v);
        int minSilence = (int) whole(query, "min_silence_duration_ms", 100, 50, 2000, v);
        boolean timestamps = bool(query, "include_timestamps", v);
        boolean detection = bool(query, "include_language_detection", v);
        if (!v.isEmpty()) {
            return new Outcome(null, v);
        }
        int rate = Integer.parseInt(format.substring(format.indexOf('_') + 1));
        return new Outcome(new Settings(format, rate, format.startsWith("ulaw"), model, language,
                strategy.equals("vad"), (int) Math.round(silence * 1000), threshold, minSpeech, minSilence,
                timestamps, detection), List.of());
    }

    private static double number(Map<String, String> query, String name, double fallback, List<Violation> v) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            v.add(violation(name, "value is not a valid float", "type_error.float"));
            return fallback;
        }
    }

    private static long whole(Map<String, String> query, String name, int fallback, int low, int high,
                              List<Violation> v) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < low || n > high) {
                v.add(violation(name, "must be >= " + low + " and <= " + high, "value_error.number.range"));
            }
            return n;
        } catch (NumberFormatException e) {
            v.add(violation(name, "value is not a valid integer", "type_error.integer"));
            return fallback;
        }
    }

    private static boolean bool(Map<String, String> query, String name, List<Violation> v) {
        String value = query.getOrDefault(name, "false");
        if (!value.equals("true") && !value.equals("false")) {
            v.add(violation(name, "value could not be parsed to a boolean", "type_error.bool"));
        }
        return value.equals("true");
    }

    private static Violation violation(String name, String msg, String type) {
        return new Violation(List.of("query", name), msg, type);
    }
}
