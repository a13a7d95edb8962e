package io.sayline.core.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.ConfigException;
import io.sayline.config.ServiceBlocks;
import io.sayline.config.SttVendorConfig;
import io.sayline.config.TtsVendorConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The speech-to-text settings a page service carries: an {@code stt:} block's keys (ElevenLabs Scribe) but the
 * API key and base URL, which are the service's, and the operator's timeouts ({@code connectTimeoutMs},
 * {@code maxReconnects}: the file's defaults). The form, the JSON API ({@code "stt": {...}}) and the database
 * columns all name these keys; the checks are the file's ({@link ServiceBlocks#scribe}).
 */
final class SttSettings {
    static final List<String> KEYS = List.of("modelId", "languageCode", "commitStrategy", "vadSilenceThresholdSecs",
            "vadThreshold", "minSpeechDurationMs", "minSilenceDurationMs", "includeTimestamps", "chunkMs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SttSettings() {
    }

    /**
     * The {@code stt:} block of a service whose TTS block is {@code service}, from {@code settings} (absent keys:
     * the provider's defaults).
     *
     * @param key where the settings came from, for messages ({@code service.stt})
     * @throws ConfigException a key the page does not set, or a value the file would refuse
     */
    static SttVendorConfig block(String key, TtsVendorConfig service, Map<String, ?> settings) {
        for (String name : settings.keySet()) {
            if (!KEYS.contains(name)) {
                throw new ConfigException(key + "." + name, "unknown key: a speech service sets " + KEYS);
            }
        }
        Map<String, Object> keys = new LinkedHashMap<>(settings);
        keys.put("apiKey", service.apiKey());
        keys.put("baseUrl", service.baseUrl());
        return ServiceBlocks.scribe(key, keys);
    }

    /** The settings of {@code block}, by key, in {@link #KEYS} order ({@code languageCode} may be null). */
    static Map<String, Object> of(SttVendorConfig block) {
        @SuppressWarnings("unchecked")
        Map<String, Object> all = JSON.convertValue(block, Map.class);
        Map<String, Object> settings = new LinkedHashMap<>();
        KEYS.forEach(k -> settings.put(k, all.get(k)));
        return settings;
    }
}
