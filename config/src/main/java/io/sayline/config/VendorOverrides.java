package io.sayline.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * A call's TTS overrides (the bot's {@code configure}), checked exactly like the configuration file: the
 * same keys as a {@code tts:} block, an unknown key or a value out of range is a {@link ConfigException}
 * naming it, and nothing changes. The keys that must stay the operator's — {@code provider},
 * {@code apiKey}, {@code baseUrl}, {@code outputFormat}, {@code fallback} — are refused: a bot could
 * otherwise send the operator's key to a host of its choosing.
 */
public final class VendorOverrides {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final java.util.Set<String> OPERATOR_ONLY =
            java.util.Set.of("provider", "apiKey", "baseUrl", "outputFormat", "fallback", "poolSize");

    private VendorOverrides() {
    }

    /**
     * Parses {@code overrides} (JSON-like values) into a partial block whose null fields are "not set",
     * and checks the block it would make of {@code base}.
     *
     * @param key where the overrides came from, for messages ({@code configure.tts})
     */
    public static TtsVendorConfig parse(String key, TtsVendorConfig base, Map<String, Object> overrides) {
        for (String name : overrides.keySet()) {
            if (OPERATOR_ONLY.contains(name)) {
                throw new ConfigException(key + "." + name, "cannot be changed per call");
            }
        }
        TtsVendorConfig partial = bind(key, overrides);
        TtsVendorConfig merged = merge(base, partial);
        if (merged.isElevenLabs()) {
            ConfigValidator.elevenLabs(key, merged);
        }
        return partial;
    }

    /** Binds JSON-like keys to a block; an unknown key or a value of the wrong type is a {@link ConfigException}. */
    static TtsVendorConfig bind(String key, Map<String, ?> keys) {
        return bind(key, keys, TtsVendorConfig.class);
    }

    /** As above, for a block of another section ({@code stt:}). */
    static <T> T bind(String key, Map<String, ?> keys, Class<T> type) {
        try {
            return JSON.convertValue(keys, type);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            String field = message.replaceFirst("(?s).*\\[\"([^\"]+)\"].*", "$1");
            throw new ConfigException(key + (field.equals(message) ? "" : "." + field),
                    message.startsWith("Unrecognized field") ? "unknown key" : "invalid value");
        }
    }

    /** {@code base} with every key {@code over} sets; voice settings merge key by key, like the file. */
    public static TtsVendorConfig merge(TtsVendorConfig base, TtsVendorConfig over) {
        if (over == null) {
            return base;
        }
        return new TtsVendorConfig(
                base.provider(),
                pick(over.voice(), base.voice()),
                base.poolSize(),
                base.apiKey(),
                base.baseUrl(),
                pick(over.voiceId(), base.voiceId()),
                pick(over.modelId(), base.modelId()),
                pick(over.streaming(), base.streaming()),
                pick(over.multiContext(), base.multiContext()),
                base.outputFormat(),
                pick(over.optimizeStreamingLatency(), base.optimizeStreamingLatency()),
                voiceSettings(base.voiceSettings(), over.voiceSettings()),
                pick(over.chunkLengthSchedule(), base.chunkLengthSchedule()),
                pick(over.autoMode(), base.autoMode()),
                pick(over.syncAlignment(), base.syncAlignment()),
                pick(over.inactivityTimeoutSeconds(), base.inactivityTimeoutSeconds()),
                pick(over.languageCode(), base.languageCode()),
                pick(over.applyTextNormalization(), base.applyTextNormalization()),
                pick(over.alignment(), base.alignment()),
                pick(over.connectTimeoutMs(), base.connectTimeoutMs()),
                pick(over.stallTimeoutMs(), base.stallTimeoutMs()),
                pick(over.maxRetries(), base.maxRetries()),
                base.fallback());
    }

    private static VoiceSettings voiceSettings(VoiceSettings base, VoiceSettings over) {
        if (over == null || base == null) {
            return over == null ? base : over;
        }
        return new VoiceSettings(
                pick(over.stability(), base.stability()),
                pick(over.similarityBoost(), base.similarityBoost()),
                pick(over.style(), base.style()),
                pick(over.useSpeakerBoost(), base.useSpeakerBoost()),
                pick(over.speed(), base.speed()));
    }

    private static <T> T pick(T over, T base) {
        return over != null ? over : base;
    }
}
