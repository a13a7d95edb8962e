package io.sayline.core.tts;

import io.sayline.config.TtsVendorConfig;
import io.sayline.config.VoiceSettings;

import java.util.List;

/** A vendor block for tests, starting from elevenlabs-defaults.yaml's values. */
public final class VendorConfigBuilder {
    public static final String API_KEY = "sk-test-SECRET-0123456789";

    public String provider = "elevenlabs";
    public String apiKey = API_KEY;
    public String baseUrl = "http://127.0.0.1:1";
    public String voiceId = "voice1";
    public String modelId = "eleven_flash_v2_5";
    public String streaming = "websocket";
    public Boolean multiContext = true;
    public String outputFormat = "pcm_16000";
    public Integer optimizeStreamingLatency = 3;
    public VoiceSettings voiceSettings = new VoiceSettings(0.5, 0.75, 0.0, true, null);
    public List<Integer> chunkLengthSchedule = List.of(120, 160, 250, 290);
    public Boolean autoMode = false;
    public Boolean syncAlignment = false;
    public Integer inactivityTimeoutSeconds = 20;
    public String languageCode = null;
    public String applyTextNormalization = "auto";
    public Boolean alignment = false;
    public Integer connectTimeoutMs = 2000;
    public Integer stallTimeoutMs = 3000;
    public Integer maxRetries = 2;
    public String fallback = null;

    public static VendorConfigBuilder elevenLabs(String baseUrl, String streaming) {
        VendorConfigBuilder builder = new VendorConfigBuilder();
        builder.baseUrl = baseUrl;
        builder.streaming = streaming;
        return builder;
    }

    /** A {@code configure} override block: every key unset. */
    public static VendorConfigBuilder overrides() {
        VendorConfigBuilder builder = new VendorConfigBuilder();
        builder.provider = null;
        builder.apiKey = null;
        builder.baseUrl = null;
        builder.voiceId = null;
        builder.modelId = null;
        builder.streaming = null;
        builder.multiContext = null;
        builder.outputFormat = null;
        builder.optimizeStreamingLatency = null;
        builder.voiceSettings = null;
        builder.chunkLengthSchedule = null;
        builder.autoMode = null;
        builder.syncAlignment = null;
        builder.inactivityTimeoutSeconds = null;
        builder.applyTextNormalization = null;
        builder.alignment = null;
        builder.connectTimeoutMs = null;
        builder.stallTimeoutMs = null;
        builder.maxRetries = null;
        return builder;
    }

    public TtsVendorConfig build() {
        return new TtsVendorConfig(provider, null, null, apiKey, baseUrl, voiceId, modelId, streaming, multiContext,
                outputFormat, optimizeStreamingLatency, voiceSettings, chunkLengthSchedule, autoMode, syncAlignment,
                inactivityTimeoutSeconds, languageCode, applyTextNormalization, alignment, connectTimeoutMs,
                stallTimeoutMs, maxRetries, fallback);
    }
}
