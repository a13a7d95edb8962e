package io.sayline.core.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.SaylineConfig;
import io.sayline.config.ServiceBlocks;
import io.sayline.config.TtsVendorConfig;
import io.sayline.rtp.transcode.AudioFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Replacing a vendor by name: new lookups get the new one; the old one is closed only once its calls ended. */
class SwappableVendorsTest {
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final List<FakeTtsVendor> built = new ArrayList<>();

    private SwappableVendors vendors(TtsVendors file) {
        return new SwappableVendors(file, () -> Set.copyOf(live), List.of("PCMU"), (name, block) -> {
            FakeTtsVendor vendor = new FakeTtsVendor(name, AudioFormat.PCM_16000);
            built.add(vendor);
            return vendor;
        }, 0);
    }

    private static TtsVendorConfig block(String fallback) {
        return ServiceBlocks.elevenLabs("service", fallback == null ? Map.of("apiKey", "k", "voiceId", "v")
                : Map.of("apiKey", "k", "voiceId", "v", "fallback", fallback));
    }

    @Test
    void aReplacedVendorServesItsLiveCallsAndIsClosedWhenTheyEnd() {
        try (TtsVendors file = TtsVendors.create(SaylineConfig.defaults(), b -> new FakeTtsVendor("embedded", AudioFormat.PCM_16000));
             SwappableVendors vendors = vendors(file)) {
            vendors.put("ui", block(null));
            TtsVendor first = vendors.apply("ui");
            live.add("call-1"); // a call started with the first instance
            vendors.put("ui", block(null));
            TtsVendor second = vendors.apply("ui");
            assertSame(built.get(1), second, "new calls get the new instance");
            assertFalse(built.get(0).closed, "kept for call-1");
            assertEquals(1, vendors.closeIdle());
            assertEquals(1, vendors.retiredCount());
            live.remove("call-1");
            assertEquals(0, vendors.closeIdle());
            assertTrue(built.get(0).closed, "released once call-1 ended");
            assertEquals(0, vendors.retiredCount());
            assertSame(first, built.get(0));
            vendors.remove("ui");
            assertTrue(built.get(1).closed, "no live call: closed at once");
            assertFalse(vendors.contains("ui"));
        }
    }

    @Test
    void aFallbackWrapsAFileVendorAndTheFilesVendorsCannotBeReplaced() {
        try (TtsVendors file = TtsVendors.create(SaylineConfig.defaults(), b -> new FakeTtsVendor("embedded", AudioFormat.PCM_16000));
             SwappableVendors vendors = vendors(file)) {
            TtsVendor served = vendors.put("ui", block("embedded"));
            assertTrue(served instanceof FallbackTtsVendor);
            assertSame(file.vendor("embedded"), vendors.apply("embedded"));
            assertThrows(IllegalArgumentException.class, () -> vendors.put("embedded", block(null)));
        }
    }
}
