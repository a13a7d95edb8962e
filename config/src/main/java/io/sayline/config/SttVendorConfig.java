package io.sayline.config;

/**
 * One block under {@code stt:}: a realtime speech-to-text vendor a route can name with {@code stt: NAME}.
 * Every key but {@code provider} and {@code apiKey} has a provider default
 * ({@code scribe-defaults.yaml}); the names and ranges are the vendor's query parameters
 * (https://elevenlabs.io/docs/api-reference/speech-to-text/v-1-speech-to-text-realtime).
 *
 * @param provider                {@code elevenlabs}
 * @param apiKey                  vendor API key, sent as {@code xi-api-key}; never logged
 * @param baseUrl                 REST base; the WebSocket URL is derived from it (http→ws, https→wss)
 * @param modelId                 vendor model, {@code scribe_v2_realtime}
 * @param languageCode            ISO 639-1/3 code, or null to let the vendor detect the language
 * @param commitStrategy          {@code vad} (the vendor commits after silence) or {@code manual}
 * @param vadSilenceThresholdSecs silence that ends a phrase, seconds; more than 0.3, at most 3
 * @param vadThreshold            vendor VAD sensitivity, 0.1..0.9
 * @param minSpeechDurationMs     shortest speech the vendor VAD accepts, 50..2000 ms
 * @param minSilenceDurationMs    shortest silence the vendor VAD accepts, 50..2000 ms
 * @param includeTimestamps       ask for word timings ({@code committed_transcript_with_timestamps})
 * @param chunkMs                 caller audio sent per {@code input_audio_chunk}, 20..100 ms in steps of 20
 * @param connectTimeoutMs        time allowed to open the vendor's WebSocket
 * @param maxReconnects           reconnections allowed within one call after the stream fails, 0..10
 */
public record SttVendorConfig(
        String provider,
        String apiKey,
        String baseUrl,
        String modelId,
        String languageCode,
        String commitStrategy,
        Double vadSilenceThresholdSecs,
        Double vadThreshold,
        Integer minSpeechDurationMs,
        Integer minSilenceDurationMs,
        Boolean includeTimestamps,
        Integer chunkMs,
        Integer connectTimeoutMs,
        Integer maxReconnects) {

    public boolean isElevenLabs() {
        return "elevenlabs".equals(provider);
    }

    /** Without the API key (Secrets). */
    @Override
    public String toString() {
        return Secrets.describe(this, "apiKey");
    }
}
