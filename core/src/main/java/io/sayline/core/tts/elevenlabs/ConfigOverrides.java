package io.sayline.core.tts.elevenlabs;

import io.sayline.config.TtsVendorConfig;
import io.sayline.config.VoiceSettings;

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
        if (over == null) {
            return base;
        }
        return new TtsVendorConfig(
                base.provider(),
                pick(over.voice(), base.voice()),
                base.poolSize(),
                base.apiKey(),
                base.baseUrl(),
                pick(over.voiceId(), base.voiceId()),
                pick(over.modelId(), base.modelId()),
                pick(over.streaming(), base.streaming()),
                pick(over.multiContext(), base.multiContext()),
                base.outputFormat(),
                pick(over.optimizeStreamingLatency(), base.optimizeStreamingLatency()),
                voiceSettings(base.voiceSettings(), over.voiceSettings()),
                pick(over.chunkLengthSchedule(), base.chunkLengthSchedule()),
                pick(over.autoMode(), base.autoMode()),
                pick(over.syncAlignment(), base.syncAlignment()),
                pick(over.inactivityTimeoutSeconds(), base.inactivityTimeoutSeconds()),
                pick(over.languageCode(), base.languageCode()),
                pick(over.applyTextNormalization(), base.applyTextNormalization()),
                pick(over.alignment(), base.alignment()),
                pick(over.connectTimeoutMs(), base.connectTimeoutMs()),
                pick(over.stallTimeoutMs(), base.stallTimeoutMs()),
                pick(over.maxRetries(), base.maxRetries()),
                base.fallback());
    }

    /** Key by key, like the configuration loader's deep merge. */
    private static VoiceSettings voiceSettings(VoiceSettings base, VoiceSettings over) {
        if (over == null || base == null) {
            return over == null ? base : over;
        }
        return new VoiceSettings(
                pick(over.stability(), base.stability()),
                pick(over.similarityBoost(), base.similarityBoost()),
                pick(over.style(), base.style()),
                pick(over.useSpeakerBoost(), base.useSpeakerBoost()),
                pick(over.speed(), base.speed()));
    }

    private static <T> T pick(T over, T base) {
        return over != null ? over : base;
    }
}
