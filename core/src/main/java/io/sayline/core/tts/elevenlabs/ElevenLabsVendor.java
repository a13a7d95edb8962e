package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.net.ClientWebSocket;
import io.sayline.core.net.StreamingHttpClient;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.TtsVendor;
import io.sayline.core.tts.elevenlabs.ElevenLabsRequests.HttpEndpoint;
import io.sayline.rtp.transcode.AudioFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
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
 * arrive, in order per utterance and never concurrently, on the call's vendor I/O loop, where its HTTP answers
 * ({@link StreamingHttpClient}: connections kept alive per loop) and its sockets ({@link ClientWebSocket}) are
 * read, or on this vendor's timer thread (stall and timeout errors). No thread per answer or socket. Outside a
 * call (no loop in the {@link TtsSessionContext}) a loop of this vendor's own reads them.
 */
public final class ElevenLabsVendor implements TtsVendor {
    private static final Logger LOG = LoggerFactory.getLogger(ElevenLabsVendor.class);
    static final long DEFAULT_STALL_TIMEOUT_MS = 3000;
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 2000;
    static final long DEFAULT_RETRY_BASE_DELAY_MS = 250;

    private final String name;
    private final AudioFormat format;
    private final StreamingHttpClient streams = new StreamingHttpClient();
    // guarded by this; created on first use outside a call
    private EventLoopGroup ownLoop;
    /** Alignment times are decimals in every chunk; the fast parser does without the JDK's per-number garbage. */
    private final ObjectMapper json = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoClock;
    private final long retryBaseDelayMs;
    private final VendorContext vendor;

    /** The vendor of block {@code tts.<name>}; throws IllegalArgumentException for a block it cannot serve. */
    public ElevenLabsVendor(String name, TtsVendorConfig config) {
        this(name, config, DEFAULT_RETRY_BASE_DELAY_MS);
    }

    /** For tests: a short retry backoff so the retry paths run in milliseconds. */
    ElevenLabsVendor(String name, TtsVendorConfig config, long retryBaseDelayMs) {
        if (!config.isElevenLabs()) {
            throw new IllegalArgumentException("tts." + name + ": provider must be elevenlabs, was " + config.provider());
        }
        this.name = name;
        this.format = AudioFormat.parse(config.outputFormat());
        this.nanoClock = System::nanoTime;
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
        return new VendorContext(name, config, format, streams, new ElevenLabsRequests(config, json),
                new VendorErrors(config.apiKey(), json), json, timer, nanoClock, retryBaseDelayMs);
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
                    ? new MultiContextTtsSession(session, callId, loopOf(context))
                    : new StreamInputTtsSession(session, loopOf(context));
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
