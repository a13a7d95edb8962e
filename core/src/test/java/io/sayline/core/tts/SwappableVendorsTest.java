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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Replacing a vendor by name: new lookups get the new one; the old one is closed only once its calls ended. */
class SwappableVendorsTest {
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final List<FakeTtsVendor> built = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();

    private SwappableVendors vendors(TtsVendors file) {
        return new SwappableVendors(file, () -> Set.copyOf(live), List.of("PCMU"), (name, block) -> {
            FakeTtsVendor vendor = new FakeTtsVendor(name, AudioFormat.PCM_16000);
            built.add(vendor);
            return vendor;
        }, clock::get);
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
            clock.addAndGet(SwappableVendors.GRACE_NANOS);
            assertFalse(built.get(0).closed, "kept for call-1");
            assertEquals(1, vendors.closeIdle());
            assertEquals(1, vendors.retiredCount());
            live.remove("call-1");
            assertEquals(0, vendors.closeIdle());
            assertTrue(built.get(0).closed, "released once call-1 ended");
            assertEquals(0, vendors.retiredCount());
            assertSame(first, built.get(0));
            vendors.remove("ui");
            assertFalse(built.get(1).closed, "within the grace");
            assertSame(second, vendors.apply("ui"), "a call that checked its route voice just before the removal");
            assertFalse(vendors.contains("ui"), "new routes no longer get it");
            clock.addAndGet(SwappableVendors.GRACE_NANOS);
            vendors.closeIdle();
            assertTrue(built.get(1).closed, "no live call: closed once the grace has passed");
            assertThrows(IllegalArgumentException.class, () -> vendors.apply("ui"));
        }
    }

    /** A call that looked the vendor up just before the replacement joins the live calls just after it. */
    @Test
    void aCallThatJoinsDuringTheGraceKeepsTheRetiredVendorOpen() {
        try (TtsVendors file = TtsVendors.create(SaylineConfig.defaults(), b -> new FakeTtsVendor("embedded", AudioFormat.PCM_16000));
             SwappableVendors vendors = vendors(file)) {
            vendors.put("ui", block(null));
            vendors.put("ui", block(null)); // replaced while the late call was between lookup and joining
            assertEquals(1, vendors.closeIdle(), "within the grace");
            live.add("late");
            clock.addAndGet(SwappableVendors.GRACE_NANOS);
            assertEquals(1, vendors.closeIdle(), "the grace has passed: the late call is counted now");
            assertFalse(built.get(0).closed);
            live.remove("late");
            assertEquals(0, vendors.closeIdle());
            assertTrue(built.get(0).closed);
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
