package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SttConfigTest {
    private static final String SCRIBE = "stt: { scribe: { provider: elevenlabs, apiKey: \"${EL_KEY}\" } }\n";

    @TempDir
    Path dir;

    @Test
    void noSttBlockByDefaultAndRoutesNameNone() {
        SaylineConfig config = SaylineConfig.defaults();
        assertEquals(Map.of(), config.stt());
        assertNull(config.routes().get(0).stt());
    }

    @Test
    void aScribeBlockGetsTheProviderDefaultsAndARouteNamesIt() throws IOException {
        SaylineConfig config = load(SCRIBE + "routes: [ { match: '.*', bot: 'builtin:demo', tts: embedded, stt: scribe } ]\n");
        SttVendorConfig scribe = config.sttVendor("scribe");
        assertEquals("secret", scribe.apiKey());
        assertEquals("scribe_v2_realtime", scribe.modelId());
        assertEquals("vad", scribe.commitStrategy());
        assertEquals(40, scribe.chunkMs());
        assertNull(scribe.languageCode());
        assertEquals("scribe", config.routes().get(0).stt());
    }

    @Test
    void aRouteNamingAnUnknownSttBlockIsRefused() throws IOException {
        assertKey("routes: [ { match: '.*', bot: 'builtin:demo', tts: embedded, stt: nope } ]\n", "routes[0].stt");
    }

    @Test
    void anUnknownProviderAndAMissingKeyAreNamed() throws IOException {
        assertKey("stt: { s: { provider: google, apiKey: k } }\n", "stt.s.provider");
        assertKey("stt: { s: { provider: elevenlabs } }\n", "stt.s.apiKey");
    }

    @ParameterizedTest(name = "{0}: {1} is refused")
    @CsvSource({
            "chunkMs, 10",
            "chunkMs, 120",
            "chunkMs, 30",
            "vadSilenceThresholdSecs, 0.3",
            "vadSilenceThresholdSecs, 3.1",
            "vadThreshold, 0.05",
            "vadThreshold, 0.95",
            "minSpeechDurationMs, 49",
            "minSilenceDurationMs, 2001",
            "commitStrategy, auto",
            "maxReconnects, 11",
    })
    void valuesOutsideTheVendorsRangesAreRefusedNamingTheKey(String key, String value) throws IOException {
        assertKey("stt: { s: { provider: elevenlabs, apiKey: k, " + key + ": " + value + " } }\n", "stt.s." + key);
    }

    @ParameterizedTest(name = "{0}: {1} is accepted")
    @CsvSource({"chunkMs, 20", "chunkMs, 100", "vadSilenceThresholdSecs, 3", "vadThreshold, 0.1",
            "commitStrategy, manual"})
    void boundariesAreAccepted(String key, String value) throws IOException {
        load("stt: { s: { provider: elevenlabs, apiKey: k, " + key + ": " + value + " } }\n");
    }

    private void assertKey(String yaml, String key) throws IOException {
        Path file = write(yaml);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, Map.of("EL_KEY", "secret"), List.of()));
        assertEquals(key, e.key(), e.getMessage());
    }

    private SaylineConfig load(String yaml) throws IOException {
        return ConfigLoader.load(write(yaml), Map.of("EL_KEY", "secret"), List.of());
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("sayline.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
