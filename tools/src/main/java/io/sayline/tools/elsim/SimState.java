package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all of one simulator's connections share: knobs, the expected key, the renderer and its pool, and the
 * record of received requests. Thread-safe (called from every event loop and from the test thread).
 */
final class SimState {
    /** Oldest records are dropped past this many so a long benchmark cannot exhaust the heap. */
    static final int MAX_RECORDS = 20_000;
    static final int MAX_CONCURRENT_REQUESTS = 30;

    final ObjectMapper mapper;
    private final String apiKey;
    private final AudioRenderer renderer;
    private final ExecutorService synthPool;
    private volatile SimKnobs knobs;
    private final AtomicInteger errorsServed = new AtomicInteger();
    private final AtomicInteger malformedServed = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong droppedRecords = new AtomicLong();
    final AtomicInteger activeStreams = new AtomicInteger();
    /** The realtime speech-to-text side's knobs and records. */
    final SttState stt = new SttState();
    private final Deque<RecordedRequest> records = new ArrayDeque<>();
    private final RenderCache cache = new RenderCache();
    /** Renders under way, by {@link RenderCache#key}: requests for the same text wait for one render. */
    private final Map<String, CompletableFuture<RenderedAudio>> rendering = new ConcurrentHashMap<>();

    SimState(ObjectMapper mapper, String apiKey, AudioRenderer renderer, ExecutorService synthPool, SimKnobs knobs) {
        this.mapper = mapper;
        this.apiKey = apiKey;
        this.renderer = renderer;
        this.synthPool = synthPool;
        this.knobs = knobs;
    }

    SimKnobs knobs() {
        return knobs;
    }

    /** New knobs; the "first K requests/streams" counters start again. */
    void knobs(SimKnobs k) {
        knobs = k;
        errorsServed.set(0);
        malformedServed.set(0);
    }

    /** Whether the key is acceptable: any key when the simulator has none configured. Constant-time compare. */
    boolean keyMatches(String key) {
        if (apiKey == null) {
            return true;
        }
        return key != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                apiKey.getBytes(StandardCharsets.UTF_8));
    }

    boolean requiresKey() {
        return apiKey != null;
    }

    /** True when this request must be answered with the error-status knob (counts it). */
    boolean takeError() {
        SimKnobs k = knobs;
        if (k.errorStatus() == 0) {
            return false;
        }
        return k.errorFirstRequests() == 0 || errorsServed.incrementAndGet() <= k.errorFirstRequests();
    }

    /** True when this stream gets one malformed frame (counts it). */
    boolean takeMalformed() {
        SimKnobs k = knobs;
        if (k.malformed() == SimKnobs.Malformed.NONE) {
            return false;
        }
        return k.malformedFirstStreams() == 0 || malformedServed.incrementAndGet() <= k.malformedFirstStreams();
    }

    long newConnectionId() {
        return connections.incrementAndGet();
    }

    RecordedRequest record(RecordedRequest.Kind kind, long connectionId, String method, String path,
            Map<String, String> query, Map<String, String> headers, String body, JsonNode json) {
        RecordedRequest r = new RecordedRequest(sequence.incrementAndGet(), kind, connectionId, System.nanoTime(),
                method, path, query, headers, body, json);
        synchronized (records) {
            records.addLast(r);
            if (records.size() > MAX_RECORDS) {
                records.removeFirst();
                droppedRecords.incrementAndGet();
            }
        }
        return r;
    }

    List<RecordedRequest> received() {
        synchronized (records) {
            return List.copyOf(new ArrayList<>(records));
        }
    }

    void clearReceived() {
        synchronized (records) {
            records.clear();
        }
    }

    /**
     * Renders on the synthesis pool (or answers from the cache at once); a full pool fails the future with
     * RejectedExecutionException.
     */
    CompletableFuture<RenderedAudio> render(String text, OutputFormat format) {
        RenderedAudio cached = cache.get(text, format);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        // One render per text at a time: a burst of calls saying the same first sentence otherwise queued one
        // render each on the two-thread pool, all for the same audio.
        String key = RenderCache.key(text, format);
        CompletableFuture<RenderedAudio> f = new CompletableFuture<>();
        CompletableFuture<RenderedAudio> underWay = rendering.putIfAbsent(key, f);
        if (underWay != null) {
            return underWay;
        }
        f.whenComplete((audio, error) -> rendering.remove(key, f));
        try {
            synthPool.execute(() -> {
                try {
                    RenderedAudio audio = renderer.render(text, format);
                    cache.put(text, format, audio);
                    f.complete(audio);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    f.completeExceptionally(e);
                } catch (Exception | LinkageError e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }
}
