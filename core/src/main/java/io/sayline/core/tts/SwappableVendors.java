package io.sayline.core.tts;

import io.sayline.config.TtsVendorConfig;
import io.sayline.core.tts.elevenlabs.ElevenLabsVendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.transcode.AudioFormat;
import io.sayline.rtp.transcode.Transcoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendors a new call can pick by name: the file's ({@link TtsVendors}, fixed) and the admin page's, which
 * {@link #put} replaces by name at once. A call looks its vendor up once, when it starts, and keeps that instance:
 * a replaced vendor is retired, still serving the calls that were live when it was replaced, and closed by
 * {@link #closeIdle()} once none of them is live any more. Retired vendors are bounded by the calls live at
 * replacement time (and in the grace after it), and released when those end.
 *
 * <p>Thread-safe: {@link #apply} (from a SIP thread when a call starts) reads a concurrent map and takes no lock;
 * {@link #put}, {@link #remove} and {@link #closeIdle()} run on admin threads.
 */
public final class SwappableVendors implements Function<String, TtsVendor>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwappableVendors.class);

    private final TtsVendors fileVendors;
    private final Supplier<Set<String>> liveCalls;
    private final List<String> codecs;
    private final BiFunction<String, TtsVendorConfig, TtsVendor> factory;
    private final LongSupplier nanoClock;
    /** The page's vendors, with their fallback wrapper when they have one. */
    private final Map<String, Entry> byName = new ConcurrentHashMap<>();
    private final List<Retired> retired = new ArrayList<>(); // guarded by this
    /**
     * Removed page vendors until they are closed, by name: a call whose route voice was checked a moment before
     * the removal still finds its vendor (and, joining the live calls within the grace, keeps it open).
     */
    private final Map<String, Entry> removed = new ConcurrentHashMap<>();
    /** {@code retired.size()}, readable without the lock (a {@code /metrics} scrape on the HTTP loop). */
    private final AtomicInteger retiredCount = new AtomicInteger();

    /** A page vendor: {@code own} is the instance this class closes; {@code served} what calls get. */
    private record Entry(TtsVendor own, TtsVendor served, TtsVendorConfig block) {
    }

    /**
     * A call looks its vendor up a moment before it joins the live calls, so a call that picked a vendor just
     * before it was replaced may be missing from the live calls taken at the replacement. When the grace has
     * passed, every call live then is added to the retired vendor's calls: the one that slipped through is among
     * them (joining takes microseconds, the grace seconds), and the vendor is never closed under it.
     */
    static final long GRACE_NANOS = 10_000_000_000L;

    /** {@code widened}: the calls live at the end of the grace have been added to {@code calls}. */
    private record Retired(TtsVendor vendor, Set<String> calls, long sinceNanos, boolean widened) {
    }

    /**
     * @param fileVendors the file's vendors; they are never replaced (the page shows them read-only)
     * @param liveCalls   the ids of the calls live now
     */
    public SwappableVendors(TtsVendors fileVendors, Supplier<Set<String>> liveCalls, List<String> codecs) {
        this(fileVendors, liveCalls, codecs, null, System::nanoTime);
    }

    /** For tests: {@code factory} builds the vendors (null: ElevenLabs); {@code nanoClock} measures the grace. */
    SwappableVendors(TtsVendors fileVendors, Supplier<Set<String>> liveCalls, List<String> codecs,
                     BiFunction<String, TtsVendorConfig, TtsVendor> factory, LongSupplier nanoClock) {
        this.fileVendors = fileVendors;
        this.liveCalls = liveCalls;
        this.codecs = List.copyOf(codecs);
        this.factory = factory != null ? factory : ElevenLabsVendor::new;
        this.nanoClock = nanoClock;
    }

    @Override
    public TtsVendor apply(String name) {
        Entry entry = byName.get(name);
        if (entry == null) {
            entry = removed.get(name);
        }
        return entry != null ? entry.served() : fileVendors.vendor(name);
    }

    /** The settings of the page's vendor {@code name} in use now, or null. */
    public TtsVendorConfig block(String name) {
        Entry entry = byName.get(name);
        return entry == null ? null : entry.block();
    }

    /** The settings of every page vendor in use now. */
    public List<TtsVendorConfig> blocks() {
        return byName.values().stream().map(Entry::block).toList();
    }

    public boolean isFileVendor(String name) {
        return fileVendors.names().contains(name);
    }

    public boolean contains(String name) {
        return byName.containsKey(name) || isFileVendor(name);
    }

    /**
     * Builds the vendor for {@code block} and makes it the one new calls named {@code name} get; the one it
     * replaces is retired. A {@code fallback} must name a file vendor: those are never replaced, so a fallback never
     * points at a retired instance.
     */
    public synchronized TtsVendor put(String name, TtsVendorConfig block) {
        if (isFileVendor(name)) {
            throw new IllegalArgumentException("tts." + name + " is defined in the configuration file");
        }
        String fallbackName = block.fallback();
        // Looked up before the vendor is built: an unknown name then leaves nothing to close.
        TtsVendor fallback = fallbackName == null || fallbackName.isBlank() ? null : fileVendors.vendor(fallbackName);
        TtsVendor own = factory.apply(name, block);
        warmTranscoders(own.outputFormat(), codecs);
        TtsVendor served = fallback == null ? own : new FallbackTtsVendor(own, fallback);
        removed.remove(name);
        retire(byName.put(name, new Entry(own, served, block)));
        return served;
    }

    /**
     * Designs the resampling filters from {@code format} to each codec now, once: the first design costs ≈ 100 ms,
     * which would otherwise stall a pacing loop on the first call that needs it.
     */
    public static void warmTranscoders(AudioFormat format, List<String> codecs) {
        for (String codec : codecs) {
            Transcoder.create(format, G711Codec.valueOf(codec), frame -> { }).end();
        }
    }

    public synchronized void remove(String name) {
        Entry entry = byName.remove(name);
        if (entry != null) {
            removed.put(name, entry);
        }
        retire(entry);
    }

    /** Closes the retired vendors none of whose calls is live any more; returns how many stay retired. */
    public synchronized int closeIdle() {
        Set<String> live = liveCalls.get();
        long now = nanoClock.getAsLong();
        retired.replaceAll(r -> r.widened() || now - r.sinceNanos() < GRACE_NANOS ? r
                : new Retired(r.vendor(), union(r.calls(), live), r.sinceNanos(), true));
        retired.removeIf(r -> {
            if (!r.widened() || r.calls().stream().anyMatch(live::contains)) {
                return false;
            }
            closeQuietly(r.vendor());
            removed.values().removeIf(entry -> entry.own() == r.vendor());
            return true;
        });
        retiredCount.set(retired.size());
        return retired.size();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** Replaced vendors not closed yet: calls that were live at the replacement still use them. */
    public int retiredCount() {
        return retiredCount.get();
    }

    private void retire(Entry replaced) {
        if (replaced != null) {
            retired.add(new Retired(replaced.own(), Set.copyOf(liveCalls.get()), nanoClock.getAsLong(), false));
            closeIdle();
        }
    }

    @Override
    public synchronized void close() {
        byName.values().forEach(entry -> closeQuietly(entry.own()));
        byName.clear();
        retired.forEach(r -> closeQuietly(r.vendor()));
        retired.clear();
        removed.clear();
        retiredCount.set(0);
    }

    private static void closeQuietly(TtsVendor vendor) {
        try {
            vendor.close();
        } catch (RuntimeException e) {
            LOG.warn("tts {} failed to close", vendor.name(), e);
        }
    }
}
