package io.sayline.core.admin;

import io.sayline.config.ConfigException;
import io.sayline.config.RouteConfig;
import io.sayline.config.SaylineConfig;
import io.sayline.config.ServiceBlocks;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.call.VoiceCatalog;
import io.sayline.core.tts.SwappableVendors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin page edits, in one place: the file's speech services (read-only), the stored ones, and which
 * service each route speaks with. A save is stored first (one transaction), then applied to new calls at once
 * through {@link SwappableVendors}; live calls keep the vendor they started with. Saves are serialized here, so
 * the stored order and the applied order are the same.
 */
public final class SpeechServices implements VoiceCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SpeechServices.class);

    private final SaylineConfig config;
    private final ServiceStore store;
    private final SwappableVendors vendors;
    /** Route match → service, as stored; replaced whole on each change, read by SIP threads. */
    private volatile Map<String, String> routeVoices;

    public SpeechServices(SaylineConfig config, ServiceStore store, SwappableVendors vendors) {
        this.config = config;
        this.store = store;
        this.vendors = vendors;
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
        }
        this.routeVoices = Map.copyOf(store.routeVoices());
    }

    /** The file's services first (version 0, read-only), then the stored ones by name. */
    public List<SpeechService> all() {
        List<SpeechService> all = new ArrayList<>();
        config.tts().forEach((name, block) -> all.add(new SpeechService(name, block, true, 0, true)));
        all.sort(java.util.Comparator.comparing(SpeechService::name));
        store.services().stream().filter(s -> !config.tts().containsKey(s.name())).forEach(all::add);
        return all;
    }

    public Optional<SpeechService> find(String name) {
        TtsVendorConfig fileBlock = config.tts().get(name);
        if (fileBlock != null) {
            return Optional.of(new SpeechService(name, fileBlock, true, 0, true));
        }
        return store.service(name);
    }

    /**
     * Checks, stores and applies one service.
     *
     * @param keys      the block's keys as in the file; an absent or blank {@code apiKey} keeps the stored key
     * @param version   the version the editor started from, 0 for a new service
     * @throws ConfigException     a value the file would refuse too (key {@code service.FIELD}); nothing saved
     * @throws StaleSaveException someone saved in between; nothing saved
     */
    public synchronized SpeechService save(String name, Map<String, Object> keys, boolean useForTts, long version)
            throws StaleSaveException {
        ServiceBlocks.checkName("service.name", name);
        if (config.tts().containsKey(name)) {
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
        SpeechService saved = store.save(name, block, useForTts, version);
        if (useForTts) {
            vendors.put(name, block);
        } else {
            vendors.remove(name);
        }
        LOG.info("speech service '{}' saved (version {}, streaming {}); new calls use it now", name,
                saved.version(), block.streaming());
        return saved;
    }

    public synchronized void delete(String name, long version) throws StaleSaveException {
        store.delete(name, version);
        vendors.remove(name);
        routeVoices = Map.copyOf(store.routeVoices());
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

    /** Assigns {@code service} to the route whose match is {@code match}; null or blank goes back to the file's. */
    public synchronized void assignRoute(String match, String service) {
        if (config.routes().stream().noneMatch(r -> r.match().equals(match))) {
            throw new ConfigException("route", "no route matches '" + match + "'");
        }
        String assigned = service == null || service.isBlank() ? null : service;
        if (assigned != null && (!vendors.contains(assigned))) {
            throw new ConfigException("route.tts", "'" + assigned + "' is not a speech service in use for TTS");
        }
        store.assignRoute(match, assigned);
        routeVoices = Map.copyOf(store.routeVoices());
        LOG.info("route '{}' speaks with {}", match, assigned == null ? "the file's tts" : assigned);
    }

    /** A matched route with the voice assigned here, when that service is in use; lock-free (a SIP thread). */
    @Override
    public RouteConfig voiceOf(RouteConfig route) {
        String tts = routeVoices.get(route.match());
        return tts == null || !vendors.contains(tts) ? route
                : new RouteConfig(route.match(), route.bot(), tts, route.token(), route.stt(), route.transferTo(),
                        route.auth());
    }

    /** The file's block, or the page's service in use by that name; lock-free (a call loop's {@code configure}). */
    @Override
    public TtsVendorConfig block(String name) {
        TtsVendorConfig file = config.tts().get(name);
        return file != null ? file : vendors.block(name);
    }
}
