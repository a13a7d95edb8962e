package io.sayline.core.tts.elevenlabs;

import io.sayline.config.TtsVendorConfig;
import io.sayline.config.VendorOverrides;

/**
 * A call's {@code configure} overrides on top of the vendor block: every key the bot set wins, except the
 * ones that must stay the operator's. {@code baseUrl} and {@code apiKey} stay, or a bot could send the
 * operator's key to a host of its choosing; {@code outputFormat} stays because the vendor's format is fixed
 * for its lifetime ({@link io.sayline.core.tts.TtsVendor#outputFormat()}); {@code provider} and
 * {@code fallback} choose vendors, which is the route's business.
 */
final class ConfigOverrides {
    private ConfigOverrides() {
    }

    static TtsVendorConfig merge(TtsVendorConfig base, TtsVendorConfig over) {
        return VendorOverrides.merge(base, over);
    }
}
