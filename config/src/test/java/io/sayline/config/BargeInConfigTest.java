package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class BargeInConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreOnAtMinus35DbfsFor200MsWith300MsHangover() {
        assertEquals(new BargeInConfig(true, -35, 200, 300, "energy", 2), SaylineConfig.defaults().bargeIn());
    }

    @Test
    void fileOverridesOneKeyAndKeepsTheOtherDefaults() throws IOException {
        SaylineConfig config = load("bargeIn: { thresholdDbfs: -42 }\n");
        assertEquals(new BargeInConfig(true, -42, 200, 300, "energy", 2), config.bargeIn());
    }

    @Test
    void modeWordsCutsByTranscriptsOnlyAndAnUnknownModeIsRefused() throws IOException {
        BargeInConfig words = load("bargeIn: { mode: words }\n").bargeIn();
        assertEquals(List.of(false, true), List.of(words.byEnergy(), words.byWords()));
        Path file = write("bargeIn: { mode: loud }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals("bargeIn.mode", e.key());
    }

    @Test
    void bargeInCanBeSwitchedOff() throws IOException {
        assertEquals(false, load("bargeIn: { enabled: false }\n").bargeIn().enabled());
    }

    @ParameterizedTest(name = "{0}: {1} is refused")
    @CsvSource({
            "thresholdDbfs, -71",
            "thresholdDbfs, 1",
            "minSpeechMs, 19",
            "minSpeechMs, 2001",
            "hangoverMs, -1",
            "hangoverMs, 5001",
            "minTranscriptChars, 0",
            "minTranscriptChars, 201",
    })
    void valuesOutsideTheirRangeAreRefusedNamingTheKey(String key, int value) throws IOException {
        Path file = write("bargeIn: { " + key + ": " + value + " }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals("bargeIn." + key, e.key());
    }

    @ParameterizedTest(name = "{0}: {1} is accepted")
    @CsvSource({
            "thresholdDbfs, -70",
            "thresholdDbfs, 0",
            "minSpeechMs, 20",
            "minSpeechMs, 30",
            "minSpeechMs, 2000",
            "hangoverMs, 0",
            "hangoverMs, 5000",
    })
    void boundariesAreAccepted(String key, int value) throws IOException {
        load("bargeIn: { " + key + ": " + value + " }\n");
    }

    @Test
    void unknownKeyUnderBargeInIsNamed() throws IOException {
        Path file = write("bargeIn: { treshold: -30 }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), List.of()));
        assertEquals("bargeIn.treshold", e.key());
    }

    private SaylineConfig load(String yaml) throws IOException {
        return ConfigLoader.load(write(yaml), Map.of(), List.of());
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("sayline.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
