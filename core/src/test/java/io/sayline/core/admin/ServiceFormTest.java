package io.sayline.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sayline.config.ConfigException;
import io.sayline.config.ServiceBlocks;
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
}
