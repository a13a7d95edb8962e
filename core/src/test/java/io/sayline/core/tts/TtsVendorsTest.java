package io.sayline.core.tts;

import io.sayline.config.TtsVendorConfig;
import io.sayline.core.tts.elevenlabs.ElevenLabsVendor;
import io.sayline.rtp.transcode.AudioFormat;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TtsVendorsTest {
    private final FakeTtsVendor embedded = new FakeTtsVendor("embedded", AudioFormat.PCM_16000);

    private static TtsVendorConfig embeddedBlock() {
        VendorConfigBuilder block = new VendorConfigBuilder();
        block.provider = "embedded";
        return block.build();
    }

    private static TtsVendorConfig elevenBlock(String fallback) {
        VendorConfigBuilder block = VendorConfigBuilder.elevenLabs("http://127.0.0.1:9", "http");
        block.fallback = fallback;
        return block.build();
    }

    @Test
    void elevenLabsBlockWithFallbackIsWrappedAndEmbeddedComesFromTheFactory() {
        Map<String, TtsVendorConfig> blocks = new LinkedHashMap<>();
        blocks.put("embedded", embeddedBlock());
        blocks.put("eleven", elevenBlock("embedded"));
        try (TtsVendors vendors = TtsVendors.create(blocks, config -> embedded)) {
            assertSame(embedded, vendors.vendor("embedded"));
            FallbackTtsVendor eleven = assertInstanceOf(FallbackTtsVendor.class, vendors.vendor("eleven"));
            assertEquals("eleven", eleven.name());
            assertInstanceOf(ElevenLabsVendor.class, eleven.primary());
            assertSame(embedded, eleven.fallback());
            assertEquals(AudioFormat.PCM_16000, eleven.outputFormat());
        }
        assertTrue(embedded.closed, "the registry closes every vendor");
    }

    @Test
    void fallbackNamingAMissingBlockIsRejectedAndWhatWasBuiltIsClosed() {
        Map<String, TtsVendorConfig> blocks = new LinkedHashMap<>();
        blocks.put("embedded", embeddedBlock());
        blocks.put("eleven", elevenBlock("nope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TtsVendors.create(blocks, config -> embedded));
        assertEquals("tts.eleven.fallback must name another tts block, was 'nope'", e.getMessage());
        assertTrue(embedded.closed);
    }

    @Test
    void embeddedFactoryCanLearnTheBlockName() {
        Map<String, TtsVendorConfig> blocks = Map.of("robot", embeddedBlock());
        try (TtsVendors vendors = TtsVendors.create(blocks,
                (name, config) -> new FakeTtsVendor(name, AudioFormat.PCM_16000))) {
            assertEquals("robot", vendors.vendor("robot").name());
        }
    }

    @Test
    void unknownNameIsRejected() {
        try (TtsVendors vendors = TtsVendors.create(Map.of("embedded", embeddedBlock()), config -> embedded)) {
            assertThrows(IllegalArgumentException.class, () -> vendors.vendor("eleven"));
        }
    }
}
