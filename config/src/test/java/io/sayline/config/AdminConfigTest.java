package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code admin:} and {@code state:} blocks, and the page's services checked like the file's blocks. */
class AdminConfigTest {

    @Test
    void theAdminPageIsOffOnLoopbackByDefault() {
        SaylineConfig config = SaylineConfig.defaults();
        assertFalse(config.admin().enabled());
        assertEquals("127.0.0.1", config.admin().bind());
        assertEquals(8081, config.admin().port());
        assertNull(config.admin().passwordHash());
        assertEquals("./state", config.state().dir());
    }

    @Test
    void badAdminValuesNameTheirKey() {
        assertEquals("admin.bind", load("admin.bind", "localhost").key());
        assertEquals("admin.port", load("admin.port", "70000").key());
        assertEquals("admin.passwordHash", load("admin.passwordHash", "plain-text").key());
        ConfigException samePort = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), List.of(
                ConfigLoader.Override.set("admin.enabled", com.fasterxml.jackson.databind.node.BooleanNode.TRUE),
                ConfigLoader.Override.set("admin.port", com.fasterxml.jackson.databind.node.IntNode.valueOf(8080)))));
        assertEquals("admin.port", samePort.key());
    }

    @Test
    void aPageServiceIsCheckedWithTheFilesRulesAndWords() {
        Map<String, Object> keys = Map.of("apiKey", "k", "voiceId", "v", "voiceSettings", Map.of("stability", 1.5));
        ConfigException e = assertThrows(ConfigException.class, () -> ServiceBlocks.elevenLabs("service", keys));
        assertEquals("service.voiceSettings.stability", e.key());
        assertEquals("must be 0..1, was 1.5", e.problem());
        TtsVendorConfig ok = ServiceBlocks.elevenLabs("service", Map.of("apiKey", "k", "voiceId", "v", "streaming", "http"));
        assertEquals("https://api.elevenlabs.io", ok.baseUrl(), "the provider's defaults fill the rest");
        assertEquals("unknown key", assertThrows(ConfigException.class,
                () -> ServiceBlocks.elevenLabs("service", Map.of("apiKey", "k", "voiceId", "v", "colour", "red"))).problem());
        assertThrows(ConfigException.class, () -> ServiceBlocks.checkName("service.name", "a/b"));
        assertThrows(ConfigException.class, () -> ServiceBlocks.checkName("service.name", " "));
    }

    private static ConfigException load(String key, String value) {
        return assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), List.of(ConfigLoader.Override.set(key, value))));
    }
}
