package io.sayline.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A speech service made outside the file (the admin page, its API) turned into a {@code tts:} (or {@code stt:})
 * block the way the file's blocks are: the provider's defaults, then the keys given, then the same checks
 * ({@link ConfigValidator}). So a value the file would refuse is refused on the page too, with the same words.
 */
public final class ServiceBlocks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceBlocks() {
    }

    /**
     * @param key  the prefix of problem keys ({@code service}: a problem reads {@code service.voiceId: ...})
     * @param keys the block's keys as in a {@code tts:} block of the file, {@code provider} excluded
     * @throws ConfigException naming the first key in trouble
     */
    public static TtsVendorConfig elevenLabs(String key, Map<String, ?> keys) {
        TtsVendorConfig block = VendorOverrides.bind(key, withDefaults(key, "elevenlabs-defaults.yaml", keys));
        ConfigValidator.elevenLabs(key, block);
        // The page has no flag to allow it: a key typed into it goes to the vendor encrypted, or nowhere.
        PlaintextCredentials.refuseIfPlaintext(key + ".baseUrl", block.baseUrl(), "http");
        return block;
    }

    /**
     * The same for speech-to-text: an {@code stt:} block (ElevenLabs Scribe) from {@code scribe-defaults.yaml}
     * and {@code keys}, checked like the file's.
     *
     * @param keys the block's keys as in an {@code stt:} block of the file, {@code provider} excluded
     * @throws ConfigException naming the first key in trouble
     */
    public static SttVendorConfig scribe(String key, Map<String, ?> keys) {
        SttVendorConfig block = VendorOverrides.bind(key, withDefaults(key, "scribe-defaults.yaml", keys),
                SttVendorConfig.class);
        ConfigValidator.scribe(key, block);
        PlaintextCredentials.refuseIfPlaintext(key + ".baseUrl", block.baseUrl(), "http");
        return block;
    }

    private static Map<String, Object> withDefaults(String key, String defaults, Map<String, ?> keys) {
        if (keys.containsKey("provider")) {
            throw new ConfigException(key + ".provider", "is fixed: elevenlabs");
        }
        ObjectNode tree = ((ObjectNode) ConfigLoader.resource(defaults)).deepCopy();
        ConfigLoader.merge(tree, JSON.valueToTree(keys));
        tree.put("provider", "elevenlabs");
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = JSON.convertValue(tree, Map.class);
        return merged;
    }

    /** Whether {@code name} may name a service: 1..64 printable characters, no slash (it is a URL path segment). */
    public static void checkName(String key, String name) {
        if (name == null || name.isBlank() || name.length() > 64 || !name.equals(name.strip())
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/')) {
            throw new ConfigException(key, "must be 1..64 printable characters, no '/', no leading or trailing space");
        }
    }
}
