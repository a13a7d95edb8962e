package io.sayline.core.admin;

import io.sayline.config.ConfigException;
import io.sayline.config.TtsVendorConfig;
import io.sayline.config.VoiceSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between the edit form (field names as the file's keys; speech-to-text ones prefixed {@code stt}) and a
 * {@code tts:} block's keys (and the {@link SttSettings}): a blank field is "not set" (the provider default
 * applies), a number that does not parse is a {@link ConfigException} naming the field, and a problem key maps
 * back to the form field it is shown next to.
 */
final class ServiceForm {
    static final List<String> TEXT = List.of("apiKey", "baseUrl", "voiceId", "modelId", "outputFormat", "streaming",
            "fallback");
    static final List<String> VOICE_NUMBERS = List.of("stability", "similarityBoost", "style", "speed");
    private static final List<String> STT_WHOLE_NUMBERS = List.of("minSpeechDurationMs", "minSilenceDurationMs", "chunkMs");
    private static final List<String> STT_NUMBERS = List.of("vadSilenceThresholdSecs", "vadThreshold");

    private ServiceForm() {
    }

    /** The block's keys from the form's fields. */
    static Map<String, Object> keys(Map<String, String> form) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String field : TEXT) {
            String value = form.getOrDefault(field, "").strip();
            if (!value.isEmpty()) {
                keys.put(field, value);
            }
        }
        String latency = form.getOrDefault("optimizeStreamingLatency", "").strip();
        if (!latency.isEmpty()) {
            keys.put("optimizeStreamingLatency", integer("service.optimizeStreamingLatency", latency));
        }
        Map<String, Object> voice = new LinkedHashMap<>();
        for (String field : VOICE_NUMBERS) {
            String value = form.getOrDefault(field, "").strip();
            if (!value.isEmpty()) {
                voice.put(field, number("service.voiceSettings." + field, value));
            }
        }
        String boost = form.getOrDefault("useSpeakerBoost", "");
        if (boost.equals("on") || boost.equals("off")) {
            voice.put("useSpeakerBoost", boost.equals("on"));
        }
        if (!voice.isEmpty()) {
            keys.put("voiceSettings", voice);
        }
        String schedule = form.getOrDefault("chunkLengthSchedule", "").strip();
        if (!schedule.isEmpty()) {
            List<Integer> entries = new ArrayList<>();
            for (String entry : schedule.split("[,\\s]+")) {
                entries.add(integer("service.chunkLengthSchedule", entry));
            }
            keys.put("chunkLengthSchedule", entries);
        }
        keys.put("autoMode", form.containsKey("autoMode"));
        return keys;
    }

    /**
     * The speech-to-text settings ({@link SttSettings#KEYS}) from the form's {@code stt}-prefixed fields
     * ({@code sttModelId} for {@code modelId}); blank fields are left to the provider's defaults.
     */
    static Map<String, Object> sttKeys(Map<String, String> form) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String key : SttSettings.KEYS) {
            String value = form.getOrDefault(sttField(key), "").strip();
            if (key.equals("includeTimestamps")) {
                keys.put(key, form.containsKey(sttField(key)));
            } else if (value.isEmpty()) {
                continue;
            } else if (STT_WHOLE_NUMBERS.contains(key)) {
                keys.put(key, integer("service.stt." + key, value));
            } else if (STT_NUMBERS.contains(key)) {
                keys.put(key, number("service.stt." + key, value));
            } else {
                keys.put(key, value);
            }
        }
        return keys;
    }

    /** The form field of speech-to-text setting {@code key}: {@code sttModelId} for {@code modelId}. */
    static String sttField(String key) {
        return "stt" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    /** The form's values shown for a stored service: its TTS block's, then its speech-to-text settings'. */
    static Map<String, String> values(SpeechService service) {
        Map<String, String> values = values(service.block());
        if (service.stt() != null) {
            SttSettings.of(service.stt()).forEach((key, value) -> {
                if (!Boolean.FALSE.equals(value)) { // an unchecked box is an absent field
                    values.put(sttField(key), Boolean.TRUE.equals(value) ? "on" : str(value));
                }
            });
        }
        return values;
    }

    /** The form's values shown for a stored block; the API key is never among them. */
    static Map<String, String> values(TtsVendorConfig block) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("baseUrl", block.baseUrl());
        values.put("voiceId", block.voiceId());
        values.put("modelId", block.modelId());
        values.put("outputFormat", block.outputFormat());
        values.put("streaming", block.streaming());
        values.put("fallback", block.fallback());
        values.put("optimizeStreamingLatency", str(block.optimizeStreamingLatency()));
        VoiceSettings v = block.voiceSettings();
        if (v != null) {
            values.put("stability", str(v.stability()));
            values.put("similarityBoost", str(v.similarityBoost()));
            values.put("style", str(v.style()));
            values.put("speed", str(v.speed()));
            values.put("useSpeakerBoost", v.useSpeakerBoost() == null ? "" : v.useSpeakerBoost() ? "on" : "off");
        }
        values.put("chunkLengthSchedule", block.chunkLengthSchedule() == null ? ""
                : String.join(", ", block.chunkLengthSchedule().stream().map(String::valueOf).toList()));
        if (Boolean.TRUE.equals(block.autoMode())) {
            values.put("autoMode", "on");
        }
        return values;
    }

    /** The form field a problem key ({@code service.voiceSettings.stability}) is shown next to. */
    static String field(ConfigException e) {
        if (e.key().startsWith("service.stt.")) {
            return sttField(e.key().substring("service.stt.".length()));
        }
        String key = e.key().replaceFirst("^service\\.?", "").replaceFirst("^voiceSettings\\.", "")
                .replaceFirst("\\[\\d+]$", "");
        return key.isEmpty() ? "name" : key;
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + value + "' is not a whole number");
        }
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + value + "' is not a number");
        }
    }

    private static String str(Object value) {
        return value == null ? "" : value.toString();
    }
}
