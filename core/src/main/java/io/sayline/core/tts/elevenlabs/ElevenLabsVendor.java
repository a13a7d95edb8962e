package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.net.StreamingHttpClient;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.TtsVendor;
import io.sayline.core.tts.elevenlabs.ElevenLabsRequests.HttpEndpoint;
import io.sayline.rtp.transcode.AudioFormat;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * ElevenLabs streaming TTS (docs/elevenlabs.md), in the mode the vendor block's {@code streaming} names:
 * <ul>
 *   <li>{@code websocket}: {@code multi-stream-input} with one socket per call opened by
 *       {@link #openSession} and a context per utterance ({@code multiContext: true}), or
 *       {@code stream-input} with a socket per utterance;</li>
 *   <li>{@code http}: {@code /stream} (or {@code /stream/with-timestamps} with {@code alignment: true}),
 *       token input cut at clause boundaries into pipelined, in-order requests;</li>
 *   <li>{@code off}: one whole-utterance request, audio delivered once complete (for comparisons).</li>
 * </ul>
 *
 * <p>Threading: methods may be called from any thread and never block on the network. Listener callbacks
 * arrive, in order per utterance and never concurrently, on the call's vendor I/O loop for HTTP answers
 * ({@link StreamingHttpClient}: no thread per answer, connections kept alive per loop), on OkHttp's reader
 * thread of the socket for WebSockets, or on this vendor's timer thread (stall and timeout errors). Outside a
 * call (no loop in the {@link TtsSessionContext}) HTTP answers are read on a loop of this vendor's own.
 * Capacity: OkHttp's dispatcher runs 5 calls per host by default (docs/dependencies.md, "OkHttp");
 * {@link #newHttpClient} sizes it for the target call count; sockets do not count against it but each costs
 * a reader thread.
 */
public final class ElevenLabsVendor implements TtsVendor {
    private static final Logger LOG = LoggerFactory.getLogger(ElevenLabsVendor.class);
    /** Concurrent HTTP requests per vendor host: two pipelined pieces per call at 1,000 calls. */
    public static final int DEFAULT_MAX_REQUESTS = 2048;
    /** An idle vendor connection is kept this long (OkHttp's default): calls speak again within seconds. */
    static final int IDLE_CONNECTION_KEEP_ALIVE_MINUTES = 5;
    static final long DEFAULT_STALL_TIMEOUT_MS = 3000;
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 2000;
    static final long DEFAULT_RETRY_BASE_DELAY_MS = 250;

    private final String name;
    private final AudioFormat format;
    private final OkHttpClient baseHttp;
    private final boolean ownsHttp;
    private final StreamingHttpClient streams = new StreamingHttpClient();
    // guarded by this; created on first use outside a call
    private EventLoopGroup ownLoop;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoClock;
    private final long retryBaseDelayMs;
    private final VendorContext vendor;

    /** A vendor on its own HTTP client, sized by {@link #DEFAULT_MAX_REQUESTS}. */
    public ElevenLabsVendor(String name, TtsVendorConfig config) {
        this(name, config, newHttpClient(DEFAULT_MAX_REQUESTS), true, DEFAULT_RETRY_BASE_DELAY_MS, System::nanoTime);
    }

    /** A vendor sharing {@code sharedHttp}'s dispatcher and connection pool (timeouts are its own). */
    public ElevenLabsVendor(String name, TtsVendorConfig config, OkHttpClient sharedHttp) {
        this(name, config, sharedHttp, false, DEFAULT_RETRY_BASE_DELAY_MS, System::nanoTime);
    }

    /** For tests: a short retry backoff so the retry paths run in milliseconds. */
    ElevenLabsVendor(String name, TtsVendorConfig config, OkHttpClient sharedHttp, long retryBaseDelayMs) {
        this(name, config, sharedHttp, false, retryBaseDelayMs, System::nanoTime);
    }

    private ElevenLabsVendor(String name, TtsVendorConfig config, OkHttpClient http, boolean ownsHttp,
                             long retryBaseDelayMs, LongSupplier nanoClock) {
        if (!config.isElevenLabs()) {
            throw new IllegalArgumentException("tts." + name + ": provider must be elevenlabs, was " + config.provider());
        }
        this.name = name;
        this.format = AudioFormat.parse(config.outputFormat());
        this.baseHttp = http;
        this.ownsHttp = ownsHttp;
        this.nanoClock = nanoClock;
        this.retryBaseDelayMs = retryBaseDelayMs;
        this.timer = newTimer(name);
        try {
            this.vendor = context(config);
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    /** Everything a session needs for {@code config} (the block, or the block with a call's overrides). */
    private VendorContext context(TtsVendorConfig config) {
        mode(name, config);
        long stallMs = config.stallTimeoutMs() == null ? DEFAULT_STALL_TIMEOUT_MS : config.stallTimeoutMs();
        long connectMs = config.connectTimeoutMs() == null ? DEFAULT_CONNECT_TIMEOUT_MS : config.connectTimeoutMs();
        // The read timeout is the HTTP stall detector: no byte for stallTimeoutMs ends the stream.
        // newBuilder() shares the dispatcher and connection pool.
        OkHttpClient tuned = baseHttp.newBuilder()
                .connectTimeout(Duration.ofMillis(connectMs))
                .readTimeout(Duration.ofMillis(stallMs))
                .build();
        return new VendorContext(name, config, format, streams, tuned, new ElevenLabsRequests(config, json),
                new VendorErrors(config.apiKey(), json), json, timer, nanoClock, retryBaseDelayMs);
    }

    /**
     * An HTTP client for TTS vendors with the dispatcher sized for {@code maxConcurrentRequests} calls to
     * one host (OkHttp's default of 5 would queue the sixth call silently), a connection pool that keeps as
     * many idle connections (OkHttp's default keeps 5: with HTTP streaming every utterance is a request, so at
     * a thousand calls most utterances would open a new TCP and, in production, TLS connection), and named
     * threads.
     */
    public static OkHttpClient newHttpClient(int maxConcurrentRequests) {
        return newHttpClient(maxConcurrentRequests, "tts-http-");
    }

    /**
     * As {@link #newHttpClient(int)}, its dispatcher threads (which also read the WebSockets) named
     * {@code threadPrefix}N.
     */
    public static OkHttpClient newHttpClient(int maxConcurrentRequests, String threadPrefix) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), namedThreads(threadPrefix));
        Dispatcher dispatcher = new Dispatcher(executor);
        dispatcher.setMaxRequests(maxConcurrentRequests);
        dispatcher.setMaxRequestsPerHost(maxConcurrentRequests);
        ConnectionPool pool = new ConnectionPool(maxConcurrentRequests, IDLE_CONNECTION_KEEP_ALIVE_MINUTES, TimeUnit.MINUTES);
        return new OkHttpClient.Builder().dispatcher(dispatcher).connectionPool(pool)
                .socketFactory(new NoDelaySockets()).build();
    }

    /** Stops a client made by {@link #newHttpClient}: cancels its calls, ends its threads and connections. */
    public static void shutdown(OkHttpClient http) {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AudioFormat outputFormat() {
        return format;
    }

    @Override
    public TtsSession openSession(TtsSessionContext context) {
        String callId = context == null ? "-" : context.callId();
        VendorContext session = vendor;
        if (context != null && context.overrides() != null) {
            try {
                session = context(ConfigOverrides.merge(vendor.config(), context.overrides()));
            } catch (IllegalArgumentException e) {
                LOG.warn("tts {} call {}: overrides ignored: {}", name, callId, e.getMessage());
            }
        }
        TtsVendorConfig config = session.config();
        return switch (mode(name, config)) {
            case "websocket" -> Boolean.TRUE.equals(config.multiContext())
                    ? new MultiContextTtsSession(session, callId)
                    : new StreamInputTtsSession(session);
            case "http" -> new HttpTtsSession(session, Boolean.TRUE.equals(config.alignment())
                    ? HttpEndpoint.STREAM_WITH_TIMESTAMPS : HttpEndpoint.STREAM, loopOf(context));
            default -> new HttpTtsSession(session, HttpEndpoint.CONVERT, loopOf(context));
        };
    }

    /** The call's vendor I/O loop, or this vendor's own outside a call. */
    private EventLoop loopOf(TtsSessionContext context) {
        if (context != null && context.io() != null) {
            return context.io();
        }
        synchronized (this) {
            if (ownLoop == null) {
                ownLoop = new NioEventLoopGroup(1, namedThreads("tts-" + name + "-io-"));
            }
            return ownLoop.next();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        streams.close();
        synchronized (this) {
            if (ownLoop != null) {
                ownLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
        if (ownsHttp) {
            shutdown(baseHttp);
        }
        LOG.info("tts {} closed", name);
    }

    private static String mode(String name, TtsVendorConfig config) {
        String streaming = config.streaming() == null ? "websocket" : config.streaming();
        return switch (streaming) {
            case "websocket", "http", "off" -> streaming;
            default -> throw new IllegalArgumentException("tts." + name + ".streaming must be websocket, http or off, was "
                    + streaming);
        };
    }

    private static ScheduledExecutorService newTimer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, namedThreads("tts-" + name + "-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
