package io.sayline.core.stt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.SttVendorConfig;
import io.sayline.core.tts.elevenlabs.ElevenLabsVendor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The {@code stt:} blocks, ready to open streams: one HTTP client (dispatcher, connection pool, reader threads)
 * shared by every block, each block with its own timeouts. Thread-safe; immutable after construction.
 */
public final class SttVendors implements AutoCloseable {
    static final String PATH = "v1/speech-to-text/realtime";
    /** Sayline sends G.711 μ-law as the caller sent it (PCMA converted sample by sample). */
    static final String AUDIO_FORMAT = "ulaw_8000";
    private static final int MAX_STREAMS = 2048;

    private final Map<String, SttVendorConfig> blocks;
    private final Map<String, OkHttpClient> clients = new LinkedHashMap<>();
    private final OkHttpClient http;
    private final ScribeMessages messages = new ScribeMessages(new ObjectMapper());

    private SttVendors(Map<String, SttVendorConfig> blocks) {
        this.blocks = Map.copyOf(blocks);
        this.http = blocks.isEmpty() ? null : ElevenLabsVendor.newHttpClient(MAX_STREAMS, "stt-http-");
        this.blocks.forEach((name, block) -> clients.put(name, http.newBuilder()
                .connectTimeout(block.connectTimeoutMs(), TimeUnit.MILLISECONDS).build()));
    }

    public static SttVendors create(Map<String, SttVendorConfig> blocks) {
        return new SttVendors(blocks);
    }

    /** No blocks: every {@code transcribe} is answered {@code not_configured}. */
    public static SttVendors none() {
        return new SttVendors(Map.of());
    }

    public boolean has(String name) {
        return name != null && blocks.containsKey(name);
    }

    SttVendorConfig block(String name) {
        return blocks.get(name);
    }

    /** A new, unconnected stream of block {@code name} for a caller speaking {@code language} (null: the block's). */
    ScribeStream stream(String name, String language, ScribeStream.Listener listener) {
        return new ScribeStream(clients.get(name), request(blocks.get(name), language), messages, listener);
    }

    /** The upgrade request: the vendor's query parameters from the block, the key as {@code xi-api-key}. */
    static Request request(SttVendorConfig block, String language) {
        HttpUrl base = HttpUrl.get(block.baseUrl());
        HttpUrl.Builder url = base.newBuilder().addPathSegments(PATH)
                .addQueryParameter("model_id", block.modelId())
                .addQueryParameter("audio_format", AUDIO_FORMAT)
                .addQueryParameter("commit_strategy", block.commitStrategy())
                .addQueryParameter("vad_silence_threshold_secs", String.valueOf(block.vadSilenceThresholdSecs()))
                .addQueryParameter("vad_threshold", String.valueOf(block.vadThreshold()))
                .addQueryParameter("min_speech_duration_ms", String.valueOf(block.minSpeechDurationMs()))
                .addQueryParameter("min_silence_duration_ms", String.valueOf(block.minSilenceDurationMs()))
                .addQueryParameter("include_timestamps", String.valueOf(block.includeTimestamps()));
        String code = language != null ? language : block.languageCode();
        if (code != null) {
            url.addQueryParameter("language_code", code);
        }
        return new Request.Builder().url(url.build()).header("xi-api-key", block.apiKey()).build();
    }

    @Override
    public void close() {
        if (http != null) {
            ElevenLabsVendor.shutdown(http);
        }
    }
}
