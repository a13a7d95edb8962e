package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheRunContract() {
        SaylineConfig config = SaylineConfig.defaults();
        assertEquals(5060, config.sip().port());
        assertEquals(List.of("udp", "tcp"), config.sip().transports());
        assertEquals(new PortRange(20000, 29999), config.rtp().ports());
        assertEquals(8080, config.http().port());
        assertEquals("builtin:demo", config.route("anything").orElseThrow().bot());
        assertTrue(config.vendor("embedded").isEmbedded());
        assertEquals("kevin16", config.vendor("embedded").voice());
    }

    @Test
    void fileOverridesDefaultsKeyByKeyAndExpandsEnvironment() throws IOException {
        Path file = write("""
                sip: { port: 5070 }
                tts:
                  eleven: { provider: elevenlabs, apiKey: "${EL_KEY}", voiceId: v1, fallback: embedded,
                            baseUrl: "${EL_URL:-http://127.0.0.1:18500}" }
                routes:
                  - { match: "^9.*", bot: "ws://127.0.0.1:9000/bot", tts: eleven }
                """);
        SaylineConfig config = ConfigLoader.load(file, Map.of("EL_KEY", "secret"), List.of());
        assertEquals(5070, config.sip().port());
        assertEquals("0.0.0.0", config.sip().bind());
        TtsVendorConfig eleven = config.vendor("eleven");
        assertEquals("secret", eleven.apiKey());
        assertEquals("http://127.0.0.1:18500", eleven.baseUrl());
        assertEquals("websocket", eleven.streaming());
        assertEquals(List.of(120, 160, 250, 290), eleven.chunkLengthSchedule());
        assertTrue(config.tts().containsKey("embedded"));
        assertTrue(config.route("900").isPresent());
        assertFalse(config.route("100").isPresent());
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        Path file = write("sip: { port: 5070 }\n");
        SaylineConfig config = CommandLine.parse("--config", file.toString(), "--sip-port", "5080",
                "--rtp-ports", "30000-30099", "--http-port=0", "--bot", "ws://127.0.0.1:1/b", "--bind", "127.0.0.1")
                .load(Map.of());
        assertEquals(5080, config.sip().port());
        assertEquals("127.0.0.1", config.sip().bind());
        assertEquals(new PortRange(30000, 30099), config.rtp().ports());
        assertEquals(0, config.http().port());
        assertEquals("ws://127.0.0.1:1/b", config.routes().get(0).bot());
    }

    @Test
    void emptyPortRangeNamesKeyAndProblem() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CommandLine.parse("--rtp-ports", "30000-20000").load(Map.of()));
        assertEquals("rtp.portRange: 30000-20000 is empty", e.getMessage());
    }

    @Test
    void pacingLoopsRunRealtimeAndWarmByDefaultAndPriorityIsRangeChecked() throws IOException {
        RtpConfig rtp = SaylineConfig.defaults().rtp();
        assertEquals(10, rtp.realtimePriority());
        assertTrue(rtp.warmUp());
        assertEquals(0, ConfigLoader.load(write("rtp: { realtimePriority: 0, warmUp: false }\n"), Map.of(), List.of())
                .rtp().realtimePriority());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("rtp: { realtimePriority: 100 }\n"), Map.of(), List.of()));
        assertEquals("rtp.realtimePriority: must be 0..99 (0 = normal scheduling), was 100", e.getMessage());
    }

    @Test
    void playoutHoldIsOffByDefaultAndRangeChecked() throws IOException {
        assertEquals(0, SaylineConfig.defaults().playout().holdMs());
        PlayoutConfig held = ConfigLoader.load(write("playout: { holdMs: 160 }\n"), Map.of(), List.of()).playout();
        assertEquals(new PlayoutConfig(40, 400, true, 160), held);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("playout: { holdMs: 1001 }\n"), Map.of(), List.of()));
        assertEquals("playout.holdMs: must be 0..1000 ms, was 1001", e.getMessage());
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        Path file = write("sip: { prot: 5070 }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals("sip.prot: unknown key", e.getMessage());
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        Path file = write("http: { port: eighty }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals("http.port", e.key());
    }

    @Test
    void missingEnvironmentVariableIsNamed() throws IOException {
        Path file = write("tts: { eleven: { provider: elevenlabs, apiKey: \"${NOPE}\", voiceId: v } }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals("tts.eleven.apiKey: environment variable NOPE is not set", e.getMessage());
    }

    @Test
    void scheduleEntriesOutsideFiftyToFiveHundredAreRefused() throws IOException {
        Path file = write("tts: { eleven: { provider: elevenlabs, apiKey: k, voiceId: v, chunkLengthSchedule: [40] } }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals("tts.eleven.chunkLengthSchedule[0]", e.key());
    }

    @Test
    void routeToUnknownVendorIsRefused() throws IOException {
        Path file = write("routes: [ { match: '.*', bot: 'builtin:demo', tts: nope } ]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals("routes[0].tts: 'nope' is not a tts vendor", e.getMessage());
    }

    @Test
    void unknownFlagAndBadNumberAreNamed() {
        assertEquals("--nope", assertThrows(ConfigException.class, () -> CommandLine.parse("--nope", "1")).key());
        assertEquals("--sip-port: 'x' is not a number",
                assertThrows(ConfigException.class, () -> CommandLine.parse("--sip-port", "x")).getMessage());
    }

    @Test
    void cidrContainsAddressesInItsPrefix() throws Exception {
        Cidr net = Cidr.parse("10.1.0.0/16");
        assertTrue(net.contains(java.net.InetAddress.getByName("10.1.200.3")));
        assertFalse(net.contains(java.net.InetAddress.getByName("10.2.0.1")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com"));
    }

    @Test
    void anEmptyBlockOrKeyIsRefusedByName() throws IOException {
        assertProblem("rtp:\n", "rtp: must be a mapping, not empty");
        assertProblem("rtp: { idle: null }\n", "rtp.idle: must not be empty");
        assertProblem("drain: 5\n", "drain: must be a mapping");
        assertProblem("tts:\n  eleven: { provider: elevenlabs, apiKey: k, voiceId: v, streaming: null }\n"
                + "routes: [ { match: \".*\", bot: \"builtin:demo\", tts: eleven } ]\n",
                "tts.eleven.streaming: must not be empty");
    }

    @Test
    void aRecordsFileInADirectoryThatDoesNotExistIsRefusedAtLoad() throws IOException {
        Path missing = Files.createTempDirectory("sayline-").resolve("gone").resolve("calls.jsonl");
        assertProblem("records: { path: \"" + missing + "\" }\n",
                "records.path: directory " + missing.getParent() + " must exist and be writable");
    }

    @Test
    void keysWhoseDefaultIsUnsetMayBeWrittenAsNull() throws IOException {
        assertEquals(null, ConfigLoader.load(write("sip: { publicAddress: null }\nrecords: { path: null }\n"),
                Map.of(), List.of()).records().path());
    }

    private void assertProblem(String yaml, String message) throws IOException {
        Path file = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals(message, e.getMessage());
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("sayline.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
