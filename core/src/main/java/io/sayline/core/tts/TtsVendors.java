package io.sayline.core.tts;

import io.sayline.config.SaylineConfig;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.tts.elevenlabs.ElevenLabsVendor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every configured {@code tts:} block as a {@link TtsVendor}, by name: {@code elevenlabs} blocks become
 * {@link ElevenLabsVendor}s sharing one sized HTTP client, {@code embedded} blocks come from the factory
 * the caller passes (the embedded engine lives elsewhere), and a block with {@code fallback:} is wrapped in
 * a {@link FallbackTtsVendor}. One level of fallback: the fallback vendor itself is used unwrapped, so a
 * cycle ({@code a → b → a}) cannot loop. {@link #close()} closes each vendor once.
 */
public final class TtsVendors implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TtsVendors.class);

    private final Map<String, TtsVendor> raw;
    private final Map<String, TtsVendor> byName;

    private TtsVendors(Map<String, TtsVendor> raw, Map<String, TtsVendor> byName) {
        this.raw = raw;
        this.byName = byName;
    }

    public static TtsVendors create(SaylineConfig config, Function<TtsVendorConfig, TtsVendor> embedded) {
        return create(config.tts(), (name, block) -> embedded.apply(block));
    }

    /** As {@link #create(SaylineConfig, Function)}, the embedded factory also getting the block's name. */
    public static TtsVendors create(SaylineConfig config, BiFunction<String, TtsVendorConfig, TtsVendor> embedded) {
        return create(config.tts(), embedded);
    }

    public static TtsVendors create(Map<String, TtsVendorConfig> blocks,
                                    Function<TtsVendorConfig, TtsVendor> embedded) {
        return create(blocks, (name, block) -> embedded.apply(block));
    }

    /**
     * @param blocks                the {@code tts:} section
     * @param embedded builds the embedded engine for a block with {@code provider: embedded}
     */
    public static TtsVendors create(Map<String, TtsVendorConfig> blocks,
                                    BiFunction<String, TtsVendorConfig, TtsVendor> embedded) {
        Map<String, TtsVendor> raw = new LinkedHashMap<>();
        TtsVendors vendors = new TtsVendors(raw, new LinkedHashMap<>());
        try {
            blocks.forEach((name, block) -> raw.put(name, build(name, block, embedded)));
            blocks.forEach((name, block) -> vendors.byName.put(name, withFallback(name, block, raw)));
            return vendors;
        } catch (RuntimeException e) {
            vendors.close();
            throw e;
        }
    }

    /** The vendor for {@code tts.<name>}, with its fallback if it has one. */
    public TtsVendor vendor(String name) {
        TtsVendor vendor = byName.get(name);
        if (vendor == null) {
            throw new IllegalArgumentException("no tts vendor named '" + name + "'");
        }
        return vendor;
    }

    public Set<String> names() {
        return byName.keySet();
    }

    @Override
    public void close() {
        raw.forEach((name, vendor) -> {
            try {
                vendor.close();
            } catch (RuntimeException e) {
                LOG.warn("tts {} failed to close", name, e);
            }
        });
    }

    private static TtsVendor build(String name, TtsVendorConfig block,
                                   BiFunction<String, TtsVendorConfig, TtsVendor> embedded) {
        if (block.isElevenLabs()) {
            return new ElevenLabsVendor(name, block);
        }
        if (block.isEmbedded()) {
            return embedded.apply(name, block);
        }
        throw new IllegalArgumentException("tts." + name + ".provider must be embedded or elevenlabs, was "
                + block.provider());
    }

    private static TtsVendor withFallback(String name, TtsVendorConfig block, Map<String, TtsVendor> raw) {
        String fallback = block.fallback();
        if (fallback == null || fallback.isBlank()) {
            return raw.get(name);
        }
        if (fallback.equals(name) || !raw.containsKey(fallback)) {
            throw new IllegalArgumentException("tts." + name + ".fallback must name another tts block, was '"
                    + fallback + "'");
        }
        return new FallbackTtsVendor(raw.get(name), raw.get(fallback));
    }
}
