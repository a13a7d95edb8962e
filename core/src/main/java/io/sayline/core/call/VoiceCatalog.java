package io.sayline.core.call;

import io.sayline.config.RouteConfig;
import io.sayline.config.SaylineConfig;
import io.sayline.config.TtsVendorConfig;

/**
 * The voices a call can get: the file's, and (with the admin page, docs/admin.md) the services and route voices
 * set there, which change while calls run. Called on SIP threads and call loops: implementations are thread-safe
 * and take no lock (immutable or concurrent maps).
 */
public interface VoiceCatalog {

    /** {@code route} with the voice new calls on it get now. */
    RouteConfig voiceOf(RouteConfig route);

    /** The settings of the voice named {@code name}, or null when there is none by that name. */
    TtsVendorConfig block(String name);

    /** The file's voices alone. */
    static VoiceCatalog of(SaylineConfig config) {
        return new VoiceCatalog() {
            @Override
            public RouteConfig voiceOf(RouteConfig route) {
                return route;
            }

            @Override
            public TtsVendorConfig block(String name) {
                return config.tts().get(name);
            }
        };
    }
}
