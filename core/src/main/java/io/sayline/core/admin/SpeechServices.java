package io.sayline.core.admin;

import io.sayline.config.ConfigException;
import io.sayline.config.RouteConfig;
import io.sayline.config.SaylineConfig;
import io.sayline.config.ServiceBlocks;
import io.sayline.config.SttVendorConfig;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.call.VoiceCatalog;
import io.sayline.core.stt.SttVendors;
import io.sayline.core.tts.SwappableVendors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin page edits, in one place: the file's speech services (read-only), the stored ones, and which
 * service each route speaks and transcribes with. A save is stored first (one transaction), then applied to new
 * calls at once through {@link SwappableVendors} (TTS) and {@link SttVendors} (STT); live calls keep the vendor
 * they started with, live transcriptions the settings they started with. Saves are serialized here, so
 * the stored order and the applied order are the same.
 */
public final class SpeechServices implements VoiceCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SpeechServices.class);

    private final SaylineConfig config;
    private final ServiceStore store;
    private final SwappableVendors vendors;
    private final SttVendors sttVendors;
    /** Route match → service, as stored; replaced whole on each change, read by SIP threads. */
    private volatile Map<String, String> routeVoices;
    /** Route match → transcription service, as stored; like {@link #routeVoices}. */
    private volatile Map<String, String> routeStt;

    /** Without speech-to-text: the page's services are used for TTS only. */
    public SpeechServices(SaylineConfig config, ServiceStore store, SwappableVendors vendors) {
        this(config, store, vendors, SttVendors.none());
    }

    public SpeechServices(SaylineConfig config, ServiceStore store, SwappableVendors vendors, SttVendors sttVendors) {
        this.config = config;
        this.store = store;
        this.vendors = vendors;
        this.sttVendors = sttVendors;
        for (SpeechService service : store.services()) {
            if (vendors.isFileVendor(service.name())) {
                LOG.warn("speech service '{}' from the state database is shadowed by the file's tts.{}",
                        service.name(), service.name());
            } else if (service.useForTts()) {
                try {
                    vendors.put(service.name(), service.block());
                } catch (IllegalArgumentException e) {
                    // e.g. its fallback is gone from the file: the service stays stored, shown, and fixable.
                    LOG.warn("speech service '{}' not in use: {}", service.name(), e.getMessage());
                }
            }
            if (service.useForStt() && sttVendors.isFileBlock(service.name())) {
                LOG.warn("speech service '{}' from the state database is shadowed by the file's stt.{}",
                        service.name(), service.name());
            } else if (service.useForStt()) {
                sttVendors.put(service.name(), service.stt());
            }
        }
        this.routeVoices = Map.copyOf(store.routeVoices());
        this.routeStt = Map.copyOf(store.routeStt());
    }

    /**
     * The file's services first (version 0, read-only; a {@code tts:} and an {@code stt:} block of one name are one
     * service), then the stored ones by name.
     */
    public List<SpeechService> all() {
        List<SpeechService> all = new ArrayList<>();
        Set<String> fileNames = new TreeSet<>(config.tts().keySet());
        fileNames.addAll(config.stt().keySet());
        fileNames.forEach(name -> all.add(fileService(name)));
        store.services().stream().filter(s -> !fileNames.contains(s.name())).forEach(all::add);
        return all;
    }

    public Optional<SpeechService> find(String name) {
        if (config.tts().containsKey(name) || config.stt().containsKey(name)) {
            return Optional.of(fileService(name));
        }
        return store.service(name);
    }

    /** The file's blocks named {@code name}: its {@code tts:} one (or null), its {@code stt:} one (or null). */
    private SpeechService fileService(String name) {
        TtsVendorConfig tts = config.tts().get(name);
        SttVendorConfig stt = config.stt().get(name);
        return new SpeechService(name, tts, tts != null, stt, stt != null, 0, true);
    }

    /**
     * Checks, stores and applies one service.
     *
     * @param keys      the block's keys as in the file; an absent or blank {@code apiKey} keeps the stored key
     * @param version   the version the editor started from, 0 for a new service
     * @throws ConfigException     a value the file would refuse too (key {@code service.FIELD}); nothing saved
     * @throws StaleSaveException someone saved in between; nothing saved
     */
    public SpeechService save(String name, Map<String, Object> keys, boolean useForTts, long version)
            throws StaleSaveException {
        return save(name, keys, useForTts, Map.of(), false, version);
    }

    /**
     * As above, with speech-to-text.
     *
     * @param sttKeys   the speech-to-text settings ({@link SttVendorConfig}'s keys, problems under
     *                  {@code service.stt}); absent ones take the provider's defaults
     * @param useForStt whether new transcriptions may use it
     */
    public synchronized SpeechService save(String name, Map<String, Object> keys, boolean useForTts,
                                           Map<String, ?> sttKeys, boolean useForStt, long version)
            throws StaleSaveException {
        ServiceBlocks.checkName("service.name", name);
        if (config.tts().containsKey(name) || config.stt().containsKey(name)) {
            throw new ConfigException("service.name", "'" + name + "' is defined in the configuration file (read-only)");
        }
        Map<String, Object> merged = new LinkedHashMap<>(keys);
        Object apiKey = merged.get("apiKey");
        if (apiKey == null || apiKey.toString().isBlank()) {
            merged.remove("apiKey");
            store.service(name).ifPresent(stored -> merged.put("apiKey", stored.block().apiKey()));
        }
        TtsVendorConfig block = ServiceBlocks.elevenLabs("service", merged);
        if (block.fallback() != null && !config.tts().containsKey(block.fallback())) {
            throw new ConfigException("service.fallback", "'" + block.fallback()
                    + "' is not a speech service of the configuration file");
        }
        SttVendorConfig stt = SttSettings.block("service.stt", block, sttKeys);
        SpeechService saved = store.save(name, block, useForTts, stt, useForStt, version);
        if (useForTts) {
            vendors.put(name, block);
        } else {
            vendors.remove(name);
        }
        if (useForStt) {
            sttVendors.put(name, stt);
        } else {
            sttVendors.remove(name);
        }
        LOG.info("speech service '{}' saved (version {}, uses {}, streaming {}); new calls use it now", name,
                saved.version(), saved.uses(), block.streaming());
        return saved;
    }

    public synchronized void delete(String name, long version) throws StaleSaveException {
        store.delete(name, version);
        vendors.remove(name);
        sttVendors.remove(name);
        routeVoices = Map.copyOf(store.routeVoices());
        routeStt = Map.copyOf(store.routeStt());
        LOG.info("speech service '{}' deleted", name);
    }

    /** The file's routes, in order. */
    public List<RouteConfig> routes() {
        return config.routes();
    }

    /** Route match → the service the page assigned (absent: the file's {@code tts:}). */
    public Map<String, String> routeVoices() {
        return routeVoices;
    }

    /** Route match → the transcription service the page assigned (absent: the file's {@code stt:}). */
    public Map<String, String> routeStt() {
        return routeStt;
    }

    /** What a route may transcribe with: the file's {@code stt:} blocks, then the page's services in use for STT. */
    public List<String> sttChoices() {
        return all().stream().filter(SpeechService::useForStt).map(SpeechService::name).toList();
    }

    /** Assigns {@code service} to the route whose match is {@code match}; null or blank goes back to the file's. */
    public void assignRoute(String match, String service) {
        assignRoute(match, service, routeStt.get(match));
    }

    /**
     * Assigns the voice {@code tts} and the transcription service {@code stt} to the route whose match is
     * {@code match}, in one transaction; null or blank goes back to the file's.
     */
    public synchronized void assignRoute(String match, String tts, String stt) {
        if (config.routes().stream().noneMatch(r -> r.match().equals(match))) {
            throw new ConfigException("route", "no route matches '" + match + "'");
        }
        String voice = tts == null || tts.isBlank() ? null : tts;
        if (voice != null && (!vendors.contains(voice))) {
            throw new ConfigException("route.tts", "'" + voice + "' is not a speech service in use for TTS");
        }
        String transcriber = stt == null || stt.isBlank() ? null : stt;
        if (transcriber != null && !sttVendors.has(transcriber)) {
            throw new ConfigException("route.stt", "'" + transcriber + "' is not a speech service in use for STT");
        }
        store.assignRoute(match, voice, transcriber);
        routeVoices = Map.copyOf(store.routeVoices());
        routeStt = Map.copyOf(store.routeStt());
        LOG.info("route '{}' speaks with {}, transcribes with {}", match, voice == null ? "the file's tts" : voice,
                transcriber == null ? "the file's stt" : transcriber);
    }

    /**
     * A matched route with the voice and transcription service assigned here, each when that service is in use;
     * lock-free (a SIP thread).
     */
    @Override
    public RouteConfig voiceOf(RouteConfig route) {
        String assignedTts = routeVoices.get(route.match());
        String assignedStt = routeStt.get(route.match());
        String tts = assignedTts == null || !vendors.contains(assignedTts) ? route.tts() : assignedTts;
        String stt = assignedStt == null || !sttVendors.has(assignedStt) ? route.stt() : assignedStt;
        return Objects.equals(tts, route.tts()) && Objects.equals(stt, route.stt()) ? route
                : new RouteConfig(route.match(), route.bot(), tts, route.token(), stt, route.transferTo(), route.auth());
    }

    /** The file's block, or the page's service in use by that name; lock-free (a call loop's {@code configure}). */
    @Override
    public TtsVendorConfig block(String name) {
        TtsVendorConfig file = config.tts().get(name);
        return file != null ? file : vendors.block(name);
    }
}
