package io.sayline.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole, validated configuration. Built by {@link ConfigLoader}; immutable. */
public record SaylineConfig(
        SipConfig sip,
        RtpConfig rtp,
        PlayoutConfig playout,
        HttpConfig http,
        ControlConfig control,
        List<RouteConfig> routes,
        Map<String, TtsVendorConfig> tts,
        Map<String, SttVendorConfig> stt,
        BargeInConfig bargeIn,
        DrainConfig drain,
        RecordsConfig records,
        AdminConfig admin,
        StateConfig state,
        SecurityConfig security) {

    public SaylineConfig {
        routes = List.copyOf(routes);
        tts = Map.copyOf(tts);
        stt = stt == null ? Map.of() : Map.copyOf(stt);
    }

    /** The built-in defaults alone: what {@code java -jar sayline.jar} runs with no arguments. */
    public static SaylineConfig defaults() {
        return ConfigLoader.load(null, Map.of(), List.of());
    }

    /** The first route whose pattern matches the Request-URI user. */
    public Optional<RouteConfig> route(String requestUriUser) {
        return routes.stream().filter(r -> r.matches(requestUriUser)).findFirst();
    }

    public TtsVendorConfig vendor(String name) {
        TtsVendorConfig vendor = tts.get(name);
        if (vendor == null) {
            throw new IllegalArgumentException("no tts vendor named '" + name + "'");
        }
        return vendor;
    }

    public SttVendorConfig sttVendor(String name) {
        SttVendorConfig vendor = stt.get(name);
        if (vendor == null) {
            throw new IllegalArgumentException("no stt vendor named '" + name + "'");
        }
        return vendor;
    }
}
