package io.sayline.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A speech service made outside the file (the admin page, its API) turned into a {@code tts:} block the way the
 * file's blocks are: the provider's defaults, then the keys given, then the same checks
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
        if (keys.containsKey("provider")) {
            throw new ConfigException(key + ".provider", "is fixed: elevenlabs");
        }
        ObjectNode tree = ((ObjectNode) ConfigLoader.resource("elevenlabs-defaults.yaml")).deepCopy();
        ConfigLoader.merge(tree, JSON.valueToTree(keys));
        tree.put("provider", "elevenlabs");
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = JSON.convertValue(tree, Map.class);
        TtsVendorConfig block = VendorOverrides.bind(key, merged);
        ConfigValidator.elevenLabs(key, block);
        // The page has no flag to allow it: a key typed into it goes to the vendor encrypted, or nowhere.
        PlaintextCredentials.refuseIfPlaintext(key + ".baseUrl", block.baseUrl(), "http");
        return block;
    }

    /** Whether {@code name} may name a service: 1..64 printable characters, no slash (it is a URL path segment). */
    public static void checkName(String key, String name) {
        if (name == null || name.isBlank() || name.length() > 64 || !name.equals(name.strip())
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/')) {
            throw new ConfigException(key, "must be 1..64 printable characters, no '/', no leading or trailing space");
        }
    }
}
