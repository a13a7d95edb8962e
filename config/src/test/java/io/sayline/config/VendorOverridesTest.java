package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VendorOverridesTest {
    private final TtsVendorConfig eleven = ConfigLoader.load(null, Map.of(), List.of(
            ConfigLoader.Override.set("tts.eleven.provider", "elevenlabs"),
            ConfigLoader.Override.set("tts.eleven.apiKey", "k"),
            ConfigLoader.Override.set("tts.eleven.voiceId", "v1"))).vendor("eleven");

    @Test
    void voiceAndSettingsOverrideKeyByKey() {
        TtsVendorConfig partial = VendorOverrides.parse("configure.tts", eleven,
                Map.of("voiceId", "v2", "voiceSettings", Map.of("stability", 0.3)));
        assertEquals("v2", partial.voiceId());
        assertNull(partial.modelId());
        TtsVendorConfig merged = VendorOverrides.merge(eleven, partial);
        assertEquals("v2", merged.voiceId());
        assertEquals(0.3, merged.voiceSettings().stability());
        assertEquals(eleven.modelId(), merged.modelId());
        assertEquals("k", merged.apiKey());
    }

    @Test
    void operatorKeysCannotBeChangedPerCall() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> VendorOverrides.parse("configure.tts", eleven, Map.of("baseUrl", "http://evil.example")));
        assertEquals("configure.tts.baseUrl: cannot be changed per call", e.getMessage());
    }

    @Test
    void outOfRangeValuesAreRefusedLikeInTheFile() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> VendorOverrides.parse("configure.tts", eleven, Map.of("voiceSettings", Map.of("speed", 3.0))));
        assertEquals("configure.tts.voiceSettings.speed", e.key());
    }

    @Test
    void unknownKeysAreNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> VendorOverrides.parse("configure.tts", eleven, Map.of("voiceIdd", "x")));
        assertEquals("configure.tts.voiceIdd: unknown key", e.getMessage());
    }
}
