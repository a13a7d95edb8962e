package io.sayline.core.stt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.sayline.config.SttVendorConfig;
import io.sayline.core.net.ClientWebSocket;
import io.sayline.core.net.StreamingRequest;
import io.sayline.core.net.VendorUrl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code stt:} blocks, ready to open streams: the file's (fixed) and the admin page's, which {@link #put}
 * replaces by name at once. A transcription looks its {@link Service} up once, when it starts, and opens every
 * stream of its (reconnects included) with that: a save applies to new transcriptions, live ones keep what they
 * started with. A service is only settings (each stream is a socket of its own on the call's vendor I/O loop),
 * so a replaced one holds nothing to close.
 *
 * <p>Thread-safe: {@link #find} (a call loop's {@code transcribe}) reads a concurrent map and takes no lock;
 * {@link #put} and {@link #remove} run on admin threads.
 */
public final class SttVendors implements AutoCloseable {
    static final String PATH = "v1/speech-to-text/realtime";
    /** Sayline sends G.711 μ-law as the caller sent it (PCMA converted sample by sample). */
    static final String AUDIO_FORMAT = "ulaw_8000";

    /** A block by its name: what one transcription keeps from start to end. */
    record Service(String name, SttVendorConfig block) {
    }

    private final Map<String, Service> fileServices = new LinkedHashMap<>();
    private final Map<String, Service> pageServices = new ConcurrentHashMap<>();
    private final ScribeMessages messages = new ScribeMessages(new ObjectMapper());

    private SttVendors(Map<String, SttVendorConfig> blocks) {
        blocks.forEach((name, block) -> fileServices.put(name, new Service(name, block)));
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
        pageServices.put(name, new Service(name, block));
    }

    /** New transcriptions named {@code name} are answered {@code not_configured}; open streams go on. */
    public synchronized void remove(String name) {
        pageServices.remove(name);
    }

    /**
     * A new, unconnected stream of {@code service} on event loop {@code io}, for a caller speaking {@code language}
     * (null: the block's).
     */
    ScribeStream stream(EventLoop io, Service service, String language, ScribeStream.Listener listener) {
        return new ScribeStream(io, request(service.block(), language), messages, listener);
    }

    /**
     * The upgrade request: the vendor's query parameters from the block, the key as {@code xi-api-key}, the block's
     * connect timeout for the connection and for the handshake's answer.
     */
    static StreamingRequest request(SttVendorConfig block, String language) {
        String code = language != null ? language : block.languageCode();
        VendorUrl url = VendorUrl.of(block.baseUrl()).segments(PATH)
                .query("model_id", block.modelId())
                .query("audio_format", AUDIO_FORMAT)
                .query("commit_strategy", block.commitStrategy())
                .query("vad_silence_threshold_secs", block.vadSilenceThresholdSecs())
                .query("vad_threshold", block.vadThreshold())
                .query("min_speech_duration_ms", block.minSpeechDurationMs())
                .query("min_silence_duration_ms", block.minSilenceDurationMs())
                .query("include_timestamps", block.includeTimestamps())
                .query("language_code", code);
        return new StreamingRequest("GET", ClientWebSocket.uriFor(url.build()), Map.of("xi-api-key", block.apiKey()),
                new byte[0], block.connectTimeoutMs(), block.connectTimeoutMs());
    }

    /** New transcriptions are refused from now on; open streams end with their calls (or their event loops). */
    @Override
    public synchronized void close() {
        pageServices.clear();
    }
}
