package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaintextCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void aBotTokenOverWsToAnotherHostIsRefusedNamingTheKeyAndTheFix() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load(route("ws://bots.example.com/a") + eleven(
                "https://api.elevenlabs.io")));
        assertEquals("routes[0].token", e.key());
        assertTrue(e.getMessage().contains("wss://") && e.getMessage().contains("allowPlaintextCredentials"),
                e.getMessage());
    }

    @Test
    void anApiKeyOverHttpToAnotherHostIsRefused() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load(route("wss://bots.example.com/a")
                + eleven("http://api.elevenlabs.io")));
        assertEquals("tts.eleven.baseUrl", e.key());
    }

    @Test
    void loopbackTlsAndTheExplicitFlagAreAccepted() throws Exception {
        assertDoesNotThrow(() -> load(route("ws://127.0.0.1:9000/a") + eleven("http://localhost:8090")));
        assertDoesNotThrow(() -> load(route("ws://[::1]:9000/a") + eleven("http://127.0.0.1:8090")));
        assertDoesNotThrow(() -> load(route("wss://bots.example.com/a") + eleven("https://api.elevenlabs.io")));
        assertDoesNotThrow(() -> load(route("ws://bots.example.com/a") + eleven("http://vendor.internal")
                + "security: { allowPlaintextCredentials: true }\n"));
    }

    @Test
    void theAdminPageRefusesAnApiKeyOverHttpToAnotherHost() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServiceBlocks.elevenLabs("service",
                Map.of("apiKey", "k", "voiceId", "v", "baseUrl", "http://api.elevenlabs.io")));
        assertEquals("service.baseUrl", e.key());
    }

    private static String route(String bot) {
        return "routes:\n  - { match: \".*\", bot: \"" + bot + "\", tts: eleven, token: t0ken }\n";
    }

    private static String eleven(String baseUrl) {
        return "tts:\n  eleven: { provider: elevenlabs, apiKey: k, voiceId: v, baseUrl: \"" + baseUrl + "\" }\n";
    }

    private SaylineConfig load(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("sayline.yaml"), yaml);
        return ConfigLoader.load(file, Map.of(), List.of());
    }
}
