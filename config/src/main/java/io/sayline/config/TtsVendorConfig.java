package io.sayline.config;

import java.util.List;

/**
 * One block under {@code tts:}. Every key is optional; which ones matter depends on {@code provider}.
 * The names mirror the speech settings operators know from voice-gateway portals (use streaming,
 * optimise streaming latency, stability, similarity boost, speaker boost).
 *
 * @param provider                 {@code embedded} or {@code elevenlabs}
 * @param voice                    embedded engine voice name (FreeTTS {@code kevin16})
 * @param poolSize                 embedded engine: voices allocated at start-up, one synthesis each at a time
 * @param apiKey                   vendor API key; never logged
 * @param baseUrl                  REST base; the WebSocket base is derived from it (http→ws, https→wss)
 * @param voiceId                  vendor voice
 * @param modelId                  vendor model
 * @param streaming                {@code websocket}, {@code http} or {@code off} (whole-utterance request)
 * @param multiContext             websocket: one multi-stream-input socket per call, a context per utterance
 * @param outputFormat             vendor output format, e.g. {@code pcm_16000} or {@code ulaw_8000}
 * @param optimizeStreamingLatency 0..4, http only
 * @param voiceSettings            stability, similarity boost, style, speaker boost, speed
 * @param chunkLengthSchedule      websocket generation schedule, entries 50..500 characters
 * @param autoMode                 websocket {@code auto_mode}
 * @param syncAlignment            websocket {@code sync_alignment}
 * @param inactivityTimeoutSeconds websocket {@code inactivity_timeout}, 1..180
 * @param languageCode             ISO 639-1 code passed to the vendor, or null
 * @param applyTextNormalization   {@code auto}, {@code on} or {@code off}
 * @param alignment                http: use {@code /stream/with-timestamps} so {@code heardText} is exact
 * @param connectTimeoutMs         vendor connect timeout
 * @param stallTimeoutMs           no audio byte for this long mid-stream is a stall
 * @param maxRetries               bounded retries where the vendor says to retry (429 system_busy)
 * @param fallback                 name of the vendor block used when this one fails, or null
 */
public record TtsVendorConfig(
        String provider,
        String voice,
        Integer poolSize,
        String apiKey,
        String baseUrl,
        String voiceId,
        String modelId,
        String streaming,
        Boolean multiContext,
        String outputFormat,
        Integer optimizeStreamingLatency,
        VoiceSettings voiceSettings,
        List<Integer> chunkLengthSchedule,
        Boolean autoMode,
        Boolean syncAlignment,
        Integer inactivityTimeoutSeconds,
        String languageCode,
        String applyTextNormalization,
        Boolean alignment,
        Integer connectTimeoutMs,
        Integer stallTimeoutMs,
        Integer maxRetries,
        String fallback) {

    public TtsVendorConfig {
        chunkLengthSchedule = chunkLengthSchedule == null ? null : List.copyOf(chunkLengthSchedule);
    }

    public boolean isEmbedded() {
        return "embedded".equals(provider);
    }

    public boolean isElevenLabs() {
        return "elevenlabs".equals(provider);
    }

    /**
     * This block pointed at another server: {@code baseUrl} instead of its own, without its API key, retries and
     * fallback (the start-up warm-up runs the vendor's client against a stand-in on loopback).
     */
    public TtsVendorConfig pointedAt(String baseUrl) {
        return new TtsVendorConfig(provider, voice, poolSize, null, baseUrl, voiceId, modelId, streaming, multiContext,
                outputFormat, optimizeStreamingLatency, voiceSettings, chunkLengthSchedule, autoMode, syncAlignment,
                inactivityTimeoutSeconds, languageCode, applyTextNormalization, alignment, connectTimeoutMs,
                stallTimeoutMs, 0, null);
    }

    /** Without the API key (Secrets). */
    @Override
    public String toString() {
        return Secrets.describe(this, "apiKey");
    }
}
