package io.sayline.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.ServiceBlocks;
import io.sayline.config.SttVendorConfig;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state database: versioned saves, restarts, speech-to-text settings, a database from an older release, file
 * mode, and a process killed in the middle of saves.
 */
class ServiceStoreTest {
    @TempDir
    Path dir;

    static TtsVendorConfig block(String voiceId, double stability) {
        return ServiceBlocks.elevenLabs("service", Map.of("apiKey", "sk-store-test", "voiceId", voiceId,
                "baseUrl", "http://127.0.0.1:9", "streaming", "http",
                "voiceSettings", Map.of("stability", stability, "useSpeakerBoost", true)));
    }

    @Test
    void aRestartKeepsServicesAndRouteVoices() throws Exception {
        try (ServiceStore store = ServiceStore.open(dir)) {
            store.save("eleven-ui", block("v1", 0.25), true, 0);
            store.assignRoute(".*", "eleven-ui", null);
            store.putSecret("s", "hash");
        }
        try (ServiceStore store = ServiceStore.open(dir)) {
            SpeechService service = store.service("eleven-ui").orElseThrow();
            assertEquals(1, service.version());
            assertEquals("v1", service.block().voiceId());
            assertEquals(0.25, service.block().voiceSettings().stability());
            assertEquals(true, service.block().voiceSettings().useSpeakerBoost());
            assertEquals("sk-store-test", service.block().apiKey());
            assertEquals(List.of(120, 160, 250, 290), service.block().chunkLengthSchedule(), "the default schedule");
            assertEquals(Map.of(".*", "eleven-ui"), store.routeVoices());
            assertEquals("hash", store.secret("s").orElseThrow());
        }
    }

    @Test
    void speechToTextSettingsAndRouteTranscriptionServicesSurviveARestart() throws Exception {
        TtsVendorConfig tts = block("v1", 0.25);
        SttVendorConfig stt = SttSettings.block("service.stt", tts, Map.of("modelId", "scribe_x", "commitStrategy",
                "manual", "vadSilenceThresholdSecs", 1.5, "vadThreshold", 0.7, "minSpeechDurationMs", 200,
                "minSilenceDurationMs", 400, "includeTimestamps", true, "chunkMs", 100));
        try (ServiceStore store = ServiceStore.open(dir)) {
            SpeechService saved = store.save("both", tts, false, stt, true, 0);
            assertEquals(stt, saved.stt());
            assertEquals("STT", saved.uses());
            store.assignRoute(".*", null, "both");
        }
        try (ServiceStore store = ServiceStore.open(dir)) {
            SpeechService service = store.service("both").orElseThrow();
            assertEquals(stt, service.stt());
            assertTrue(service.useForStt());
            assertFalse(service.useForTts());
            assertEquals(null, service.stt().languageCode(), "detected by the vendor");
            assertEquals(Map.of(".*", "both"), store.routeStt());
            assertEquals(Map.of(), store.routeVoices());
            store.delete("both", 1);
            assertEquals(Map.of(), store.routeStt(), "a deleted service leaves no route naming it");
        }
    }

    /** A database made before speech-to-text (its schema and a row as that release wrote them) opens and works. */
    @Test
    void aDatabaseFromBeforeSpeechToTextOpensWithItsServicesTtsOnly() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StateDb.FILE));
             Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE speech_services (name TEXT PRIMARY KEY, provider TEXT NOT NULL, api_key TEXT NOT NULL,
                      base_url TEXT NOT NULL, voice_id TEXT NOT NULL, model_id TEXT NOT NULL, output_format TEXT NOT NULL,
                      use_for_tts INTEGER NOT NULL,
                      streaming TEXT NOT NULL CHECK (streaming IN ('websocket', 'http', 'off')),
                      optimize_streaming_latency INTEGER NOT NULL, stability REAL, similarity_boost REAL, style REAL,
                      use_speaker_boost INTEGER, speed REAL, chunk_length_schedule TEXT NOT NULL,
                      auto_mode INTEGER NOT NULL, fallback TEXT, version INTEGER NOT NULL)""");
            s.execute("CREATE TABLE route_assignments (route_match TEXT PRIMARY KEY, tts TEXT NOT NULL)");
            s.execute("INSERT INTO speech_services VALUES ('old', 'elevenlabs', 'sk-old', 'http://127.0.0.1:9', 'v-old', "
                    + "'eleven_flash_v2_5', 'pcm_16000', 1, 'http', 1, 0.4, NULL, NULL, NULL, NULL, '120,160,250,290', 0, "
                    + "NULL, 3)");
            s.execute("INSERT INTO route_assignments VALUES ('.*', 'old')");
        }
        try (ServiceStore store = ServiceStore.open(dir)) {
            SpeechService old = store.service("old").orElseThrow();
            assertEquals("TTS", old.uses());
            assertEquals("v-old", old.block().voiceId());
            assertEquals(3, old.version());
            assertEquals("scribe_v2_realtime", old.stt().modelId(), "the provider's STT defaults");
            assertEquals("sk-old", old.stt().apiKey());
            assertEquals(Map.of(".*", "old"), store.routeVoices());
            SpeechService saved = store.save("old", old.block(), true, old.stt(), true, 3);
            assertEquals("TTS, STT", saved.uses());
            store.assignRoute(".*", "old", "old");
        }
        try (ServiceStore store = ServiceStore.open(dir)) { // opened again: the columns are there already
            assertEquals(4, store.service("old").orElseThrow().version());
            assertEquals(Map.of(".*", "old"), store.routeStt());
        }
    }

    @Test
    void aStaleSaveIsRefusedAndChangesNothing() throws Exception {
        try (ServiceStore store = ServiceStore.open(dir)) {
            store.save("a", block("v1", 0.1), true, 0);
            store.save("a", block("v2", 0.2), true, 1); // the first editor saves: version 2
            StaleSaveException stale = assertThrows(StaleSaveException.class,
                    () -> store.save("a", block("v3", 0.3), true, 1)); // the second, from version 1
            assertTrue(stale.getMessage().contains("changed by someone else"), stale.getMessage());
            assertEquals("v2", store.service("a").orElseThrow().block().voiceId());
            assertThrows(StaleSaveException.class, () -> store.save("a", block("v4", 0.4), true, 0), "a new one by an existing name");
            assertThrows(StaleSaveException.class, () -> store.delete("a", 1));
            store.delete("a", 2);
            assertFalse(store.service("a").isPresent());
        }
    }

    @Test
    void theDatabaseIsReadableByItsOwnerOnly() throws Exception {
        try (ServiceStore store = ServiceStore.open(dir.resolve("state"))) {
            store.save("a", block("v1", 0.1), true, 0);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("state").resolve(StateDb.FILE))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))));
    }

    /**
     * A child JVM saves in a loop, alternating two consistent versions of one service; it is killed
     * (SIGKILL) while saving. The database, opened again, holds one of the two whole, never a mix or nothing.
     */
    @Test
    void killDashNineDuringSavesLeavesTheOldOrTheNewServiceWhole() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("saver.log");
        Process saver = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                SaveLoop.class.getName(), dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Await.until(() -> {
                try (ServiceStore store = ServiceStore.open(dir)) {
                    return store.service("looped").map(SpeechService::version).orElse(0L) >= 20;
                }
            }, Duration.ofSeconds(20), "the child saved 20 times; log: " + log);
        } finally {
            saver.destroyForcibly();
            saver.waitFor();
        }
        try (ServiceStore store = ServiceStore.open(dir)) {
            SpeechService service = store.service("looped").orElseThrow();
            TtsVendorConfig b = service.block();
            double expected = b.voiceId().equals("even") ? 0.2 : 0.7;
            assertEquals(service.version() % 2 == 0 ? "even" : "odd", b.voiceId(), "voice of version " + service.version());
            assertEquals(expected, b.voiceSettings().stability(), "the stability saved with " + b.voiceId());
            assertTrue(service.version() >= 20);
        }
    }

    /** The child of {@link #killDashNineDuringSavesLeavesTheOldOrTheNewServiceWhole}: saves until killed. */
    public static final class SaveLoop {
        public static void main(String[] args) throws Exception {
            try (ServiceStore store = ServiceStore.open(Path.of(args[0]))) {
                long version = 0;
                while (true) {
                    boolean even = (version + 1) % 2 == 0;
                    version = store.save("looped", block(even ? "even" : "odd", even ? 0.2 : 0.7), true, version).version();
                }
            }
        }
    }
}
