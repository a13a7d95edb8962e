package io.sayline.core.stt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.SttVendorConfig;
import io.sayline.core.tts.elevenlabs.ElevenLabsVendor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The {@code stt:} blocks, ready to open streams: the file's (fixed) and the admin page's, which {@link #put}
 * replaces by name at once. One HTTP client (dispatcher, connection pool, reader threads) is shared by every
 * block, each block with its own timeouts. A transcription looks its {@link Service} up once, when it starts,
 * and opens every stream of its (reconnects included) with that: a save applies to new transcriptions, live
 * ones keep what they started with. A replaced service holds nothing to close (its client is a view of the
 * shared one), so nothing is retired.
 *
 * <p>Thread-safe: {@link #find} (a call loop's {@code transcribe}) reads a concurrent map and takes no lock;
 * {@link #put} and {@link #remove} run on admin threads.
 */
public final class SttVendors implements AutoCloseable {
    static final String PATH = "v1/speech-to-text/realtime";
    /** Sayline sends G.711 μ-law as the caller sent it (PCMA converted sample by sample). */
    static final String AUDIO_FORMAT = "ulaw_8000";
    private static final int MAX_STREAMS = 2048;

    /** A block and its client: what one transcription keeps from start to end. */
    record Service(String name, SttVendorConfig block, OkHttpClient client) {
    }

    private final Map<String, Service> fileServices = new LinkedHashMap<>();
    private final Map<String, Service> pageServices = new ConcurrentHashMap<>();
    /** Made with the first block (the file's, or the first the page puts); null while there is none. */
    private volatile OkHttpClient http;
    private final ScribeMessages messages = new ScribeMessages(new ObjectMapper());

    private SttVendors(Map<String, SttVendorConfig> blocks) {
        blocks.forEach((name, block) -> fileServices.put(name, service(name, block)));
    }

    public static SttVendors create(Map<String, SttVendorConfig> blocks) {
        return new SttVendors(blocks);
    }

    /** No blocks: every {@code transcribe} is answered {@code not_configured}. */
    public static SttVendors none() {
        return new SttVendors(Map.of());
    }

    public boolean has(String name) {
        return find(name) != null;
    }

    public boolean isFileBlock(String name) {
        return fileServices.containsKey(name);
    }

    /** The settings new transcriptions named {@code name} get now, or null. */
    public SttVendorConfig block(String name) {
        Service service = find(name);
        return service == null ? null : service.block();
    }

    /** The file's block {@code name}, else the page's in use now, else null; lock-free (a call loop). */
    Service find(String name) {
        if (name == null) {
            return null;
        }
        Service file = fileServices.get(name);
        return file != null ? file : pageServices.get(name);
    }

    /** Makes {@code block} the one new transcriptions named {@code name} use; streams already open keep theirs. */
    public synchronized void put(String name, SttVendorConfig block) {
        if (isFileBlock(name)) {
            throw new IllegalArgumentException("stt." + name + " is defined in the configuration file");
        }
        pageServices.put(name, service(name, block));
    }

    /** New transcriptions named {@code name} are answered {@code not_configured}; open streams go on. */
    public synchronized void remove(String name) {
        pageServices.remove(name);
    }

    private synchronized Service service(String name, SttVendorConfig block) {
        if (http == null) {
            http = ElevenLabsVendor.newHttpClient(MAX_STREAMS, "stt-http-");
        }
        return new Service(name, block, http.newBuilder()
                .connectTimeout(block.connectTimeoutMs(), TimeUnit.MILLISECONDS).build());
    }

    /** A new, unconnected stream of {@code service} for a caller speaking {@code language} (null: the block's). */
    ScribeStream stream(Service service, String language, ScribeStream.Listener listener) {
        return new ScribeStream(service.client(), request(service.block(), language), messages, listener);
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
    public synchronized void close() {
        pageServices.clear();
        if (http != null) {
            ElevenLabsVendor.shutdown(http);
        }
    }
}
