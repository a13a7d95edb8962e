package io.sayline.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sayline.config.ConfigException;
import io.sayline.config.ServiceBlocks;
import io.sayline.config.TtsVendorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edit form's fields to a block's keys and back, and a problem's key to the field it is shown next to. */
class ServiceFormTest {

    @Test
    void blankFieldsAreNotSetAndNumbersAreParsed() {
        Map<String, Object> keys = ServiceForm.keys(Map.of("voiceId", " v ", "baseUrl", "", "stability", "0.3",
                "useSpeakerBoost", "off", "chunkLengthSchedule", "100, 200 300", "optimizeStreamingLatency", "1"));
        assertEquals("v", keys.get("voiceId"));
        assertFalse(keys.containsKey("baseUrl"));
        assertEquals(Map.of("stability", 0.3, "useSpeakerBoost", false), keys.get("voiceSettings"));
        assertEquals(List.of(100, 200, 300), keys.get("chunkLengthSchedule"));
        assertEquals(1, keys.get("optimizeStreamingLatency"));
        assertEquals(false, keys.get("autoMode"), "an unticked box is false");
    }

    @Test
    void valuesThatAreNotNumbersNameTheirField() {
        record Case(String field, String value, String key) {
        }
        for (Case c : List.of(new Case("stability", "high", "service.voiceSettings.stability"),
                new Case("speed", "1,1", "service.voiceSettings.speed"),
                new Case("optimizeStreamingLatency", "2.5", "service.optimizeStreamingLatency"),
                new Case("chunkLengthSchedule", "120, x", "service.chunkLengthSchedule"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> ServiceForm.keys(Map.of(c.field(), c.value())));
            assertEquals(c.key(), e.key(), c.toString());
            assertEquals(c.field(), ServiceForm.field(e), c.toString());
        }
    }

    @Test
    void aProblemKeyMapsToItsField() {
        ConfigException schedule = assertThrows(ConfigException.class, () -> ServiceBlocks.elevenLabs("service",
                Map.of("apiKey", "k", "voiceId", "v", "chunkLengthSchedule", List.of(120, 160, 20))));
        assertEquals("service.chunkLengthSchedule[2]", schedule.key());
        assertEquals("chunkLengthSchedule", ServiceForm.field(schedule));
        assertEquals("voiceId", ServiceForm.field(assertThrows(ConfigException.class,
                () -> ServiceBlocks.elevenLabs("service", Map.of("apiKey", "k")))));
    }

    @Test
    void theFormNeverCarriesTheKey() {
        Map<String, String> values = ServiceForm.values(ServiceBlocks.elevenLabs("service",
                Map.of("apiKey", "sk-secret", "voiceId", "v", "autoMode", true)));
        assertFalse(values.containsValue("sk-secret"));
        assertEquals("on", values.get("autoMode"));
        assertEquals("120, 160, 250, 290", values.get("chunkLengthSchedule"));
    }

    @Test
    void speechToTextFieldsAreParsedAndBlankOnesLeftToTheDefaults() {
        Map<String, Object> keys = ServiceForm.sttKeys(Map.of("sttModelId", " scribe_x ", "sttLanguageCode", "",
                "sttVadThreshold", "0.5", "sttChunkMs", "60", "sttIncludeTimestamps", "on"));
        assertEquals(Map.of("modelId", "scribe_x", "vadThreshold", 0.5, "chunkMs", 60, "includeTimestamps", true), keys);
        assertEquals(false, ServiceForm.sttKeys(Map.of()).get("includeTimestamps"), "an unticked box is false");
        ConfigException notNumber = assertThrows(ConfigException.class,
                () -> ServiceForm.sttKeys(Map.of("sttMinSpeechDurationMs", "0.1s")));
        assertEquals("service.stt.minSpeechDurationMs", notNumber.key());
        assertEquals("sttMinSpeechDurationMs", ServiceForm.field(notNumber));
    }

    /** The page's rules are the file's: the same problems, with the same words, shown next to the page's fields. */
    @Test
    void speechToTextSettingsAreCheckedByTheFilesRules() {
        TtsVendorConfig tts = ServiceBlocks.elevenLabs("service", Map.of("apiKey", "k", "voiceId", "v"));
        record Case(String key, Object value, String problem) {
        }
        for (Case c : List.of(new Case("vadThreshold", 0.95, "must be 0.1..0.9, was 0.95"),
                new Case("vadSilenceThresholdSecs", 0.3, "must be more than 0.3 and at most 3 s, was 0.3"),
                new Case("chunkMs", 50, "must be 20..100 ms in steps of 20 (whole 20 ms frames), was 50"),
                new Case("commitStrategy", "sometimes", "'sometimes' is not one of vad, manual"),
                new Case("minSilenceDurationMs", 20, "must be 50..2000 ms, was 20"))) {
            ConfigException page = assertThrows(ConfigException.class,
                    () -> SttSettings.block("service.stt", tts, Map.of(c.key(), c.value())));
            assertEquals(c.problem(), page.problem(), c.toString());
            assertEquals(ServiceForm.sttField(c.key()), ServiceForm.field(page));
            Map<String, Object> file = new java.util.HashMap<>(Map.of("apiKey", "k", c.key(), c.value()));
            ConfigException fromFile = assertThrows(ConfigException.class, () -> ServiceBlocks.scribe("stt.x", file));
            assertEquals("stt.x." + c.key() + ": " + c.problem(), fromFile.key() + ": " + fromFile.problem());
        }
        assertEquals("service.stt.connectTimeoutMs", assertThrows(ConfigException.class,
                () -> SttSettings.block("service.stt", tts, Map.of("connectTimeoutMs", 5))).key(), "operator-only");
    }

    @Test
    void aServicesSpeechToTextSettingsFillTheForm() {
        TtsVendorConfig tts = ServiceBlocks.elevenLabs("service", Map.of("apiKey", "sk-secret", "voiceId", "v"));
        SpeechService service = new SpeechService("s", tts, true, SttSettings.block("service.stt", tts,
                Map.of("chunkMs", 80, "includeTimestamps", true)), true, 1, false);
        Map<String, String> values = ServiceForm.values(service);
        assertEquals("80", values.get("sttChunkMs"));
        assertEquals("on", values.get("sttIncludeTimestamps"));
        assertEquals("scribe_v2_realtime", values.get("sttModelId"));
        assertEquals("", values.get("sttLanguageCode"));
        assertFalse(values.containsValue("sk-secret"));
        assertEquals(service.stt(), SttSettings.block("service.stt", tts, ServiceForm.sttKeys(values)), "round trip");
    }
}
