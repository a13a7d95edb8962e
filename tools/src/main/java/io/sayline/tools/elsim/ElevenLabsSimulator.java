package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for api.elevenlabs.io: the HTTP TTS endpoints (whole, {@code /stream},
 * {@code /stream/with-timestamps}), the {@code stream-input} and {@code multi-stream-input} WebSockets, the
 * realtime speech-to-text WebSocket ({@link SttSession}, scripted by {@link SttKnobs}), every
 * output format, the vendor's validation and error shapes, and knobs for latency and faults
 * ({@link SimKnobs}). Audio is FreeTTS kevin16 speech or test signals.
 *
 * <pre>{@code
 * ElevenLabsSimulator sim = ElevenLabsSimulator.builder().port(0).apiKey("test-key")
 *         .signal("tones:1000,2000").firstChunkDelayMs(75).build().start();
 * String base = "http://127.0.0.1:" + sim.port();    // ws://127.0.0.1:PORT for the WebSockets
 * sim.knobs(sim.knobs().toBuilder().error(429, "system_busy").errorFirstRequests(1).build());
 * List<RecordedRequest> got = sim.received();
 * sim.close();
 * }</pre>
 *
 * <p>Threading: {@link #start} and {@link #close} from one owner thread; {@link #knobs}, {@link #received} and
 * {@link #port} from any thread. Connections run on the simulator's own Netty event loops (2 threads);
 * synthesis and MP3 encoding on a bounded pool "el-sim-synth".
 */
public final class ElevenLabsSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElevenLabsSimulator.class);
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final int SYNTH_QUEUE = 10_000;
    private static final int EVENT_LOOP_THREADS = 2;

    private final Builder config;
    private final SimState state;
    private final SpeechSource source;
    private final ThreadPoolExecutor synthPool;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;

    private ElevenLabsSimulator(Builder b) {
        this.config = b;
        ObjectMapper mapper = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).build();
        this.source = b.signal != null ? SignalSource.parse(b.signal, b.msPerChar) : new FreeTtsSource(b.voices);
        this.synthPool = new ThreadPoolExecutor(b.voices, b.voices, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(SYNTH_QUEUE), new DefaultThreadFactory("el-sim-synth", true));
        this.state = new SimState(mapper, b.apiKey, new AudioRenderer(source), synthPool, b.knobs.build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; returns this. */
    public ElevenLabsSimulator start() throws InterruptedException {
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("el-sim-accept", true));
        workers = new NioEventLoopGroup(EVENT_LOOP_THREADS, new DefaultThreadFactory("el-sim-io", true));
        SimAdmin admin = new SimAdmin(state);
        server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("http", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast("el-http", new SimHttpHandler(state, admin));
                    }
                })
                .bind(new InetSocketAddress(config.host, config.port)).sync().channel();
        LOG.info("el-sim listening on {}:{} (audio: {})", config.host, port(),
                config.signal != null ? config.signal : "freetts kevin16");
        return this;
    }

    /** The bound port (useful with port(0)). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Base URL for HTTP, e.g. {@code http://127.0.0.1:18500}; use ws:// with the same authority for WebSockets. */
    public String httpBase() {
        return "http://" + config.host + ":" + port();
    }

    public String wsBase() {
        return "ws://" + config.host + ":" + port();
    }

    public SimKnobs knobs() {
        return state.knobs();
    }

    /** Replaces the knobs at run time (takes effect for the next decision of every open stream). */
    public ElevenLabsSimulator knobs(SimKnobs knobs) {
        state.knobs(knobs);
        return this;
    }

    public SttKnobs sttKnobs() {
        return state.stt.knobs();
    }

    /** Replaces what the callers say and the speech-to-text faults; applies to sessions opened from now on. */
    public ElevenLabsSimulator sttKnobs(SttKnobs knobs) {
        state.stt.knobs(knobs);
        return this;
    }

    /** The committed transcripts sent so far, with the {@link System#nanoTime} each was written at. */
    public List<SttState.SttCommit> sttCommits() {
        return state.stt.commits();
    }

    /** Everything received so far, in arrival order (HTTP requests, WebSocket handshakes and messages). */
    public List<RecordedRequest> received() {
        return state.received();
    }

    public void clearReceived() {
        state.clearReceived();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        synthPool.shutdownNow();
        source.close();
    }

    /** CLI: {@code el-sim --port 18500 [--api-key K] [--signal tones:1000,2000] [--knob-name value ...]}. */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(Cli.USAGE);
            return;
        }
        Builder b;
        try {
            b = Cli.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("el-sim: " + e.getMessage());
            System.err.println(Cli.USAGE);
            System.exit(2);
            return;
        }
        ElevenLabsSimulator sim = b.build().start();
        System.out.println("el-sim listening on " + sim.httpBase());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "el-sim-shutdown"));
        stop.await();
    }

    /** Simulator configuration. Knob setters here set the initial knobs. */
    public static final class Builder {
        String host = "127.0.0.1";
        int port = 0;
        String apiKey;
        String signal;
        double msPerChar = 60;
        int voices = 2;
        SimKnobs.Builder knobs = SimKnobs.builder();

        private Builder() {
        }

        public Builder host(String v) { host = v; return this; }
        /** 0 picks a free port. */
        public Builder port(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + v);
            }
            port = v;
            return this;
        }
        /** The key clients must send; null (default) accepts any key or none. */
        public Builder apiKey(String v) { apiKey = v; return this; }
        /** {@code tones:F1,F2,...} or {@code sweep:FROM-TO}; null (default) = FreeTTS speech. */
        public Builder signal(String v) {
            if (v != null) {
                SignalSource.parse(v, msPerChar);
            }
            signal = v;
            return this;
        }
        /** Signal duration per character of text (default 60 ms). */
        public Builder msPerChar(double v) {
            if (v <= 0) {
                throw new IllegalArgumentException("msPerChar must be > 0, was " + v);
            }
            msPerChar = v;
            return this;
        }
        /** Synthesis pool size = FreeTTS voices allocated (default 2). */
        public Builder voices(int v) {
            if (v < 1 || v > 64) {
                throw new IllegalArgumentException("voices must be 1..64, was " + v);
            }
            voices = v;
            return this;
        }
        public Builder knobs(SimKnobs v) { knobs = v.toBuilder(); return this; }
        public Builder firstChunkDelayMs(long v) { knobs.firstChunkDelayMs(v); return this; }
        public Builder chunkBytes(int v) { knobs.chunkBytes(v); return this; }
        public Builder chunkMs(int v) { knobs.chunkMs(v); return this; }
        public Builder realTimeFactor(double v) { knobs.realTimeFactor(v); return this; }

        public ElevenLabsSimulator build() {
            knobs.build();
            return new ElevenLabsSimulator(this);
        }
    }

    /** Command-line parsing: fixed flags plus one {@code --kebab-name value} per {@link SimKnobs} field. */
    static final class Cli {
        static final String USAGE = String.join("\n",
                "usage: el-sim [--host 127.0.0.1] [--port 18500] [--api-key KEY] [--signal tones:F1,F2|sweep:A-B]",
                "              [--ms-per-char 60] [--voices 2] [knobs]",
                "knobs: --first-chunk-delay-ms 75 --chunk-bytes 0 --chunk-ms 100 --jitter-ms 0 --real-time-factor 0",
                "       --stall-after-ms -1 --drop-after-ms -1 --error-status 0 --error-code C --error-message M",
                "       --error-first-requests 0 --ws-close-after-ms -1 --ws-close-reason R --ws-error-message-before-close",
                "       --malformed none|invalid_json|invalid_base64 --malformed-first-streams 1",
                "       --inactivity-timeout-ms 0 --max-concurrent-requests 0",
                "       --snake-case-context-id --snake-case-is-final --docs-durations-key",
                "admin: GET/POST /sim/knobs, POST /sim/reset, GET/DELETE /sim/requests, GET/POST /sim/stt,",
                "       GET /sim/stt/commits");

        private Cli() {
        }

        static Builder parse(String[] args) throws java.io.IOException {
            Builder b = builder();
            ObjectMapper mapper = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).build();
            ObjectNode knobPatch = mapper.createObjectNode();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (!flag.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + flag);
                }
                String name = flag.substring(2);
                boolean isSwitch = name.startsWith("snake-case-") || name.equals("docs-durations-key")
                        || name.equals("ws-error-message-before-close");
                String value = isSwitch ? "true" : (i + 1 < args.length ? args[++i] : null);
                if (value == null) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                switch (name) {
                    case "host" -> b.host(value);
                    case "port" -> b.port(Integer.parseInt(value));
                    case "api-key" -> b.apiKey(value);
                    case "signal" -> b.signal(value);
                    case "ms-per-char" -> b.msPerChar(Double.parseDouble(value));
                    case "voices" -> b.voices(Integer.parseInt(value));
                    case "rtf" -> knobPatch.put("realTimeFactor", value);
                    default -> knobPatch.put(camel(name), value);
                }
            }
            try {
                b.knobs(SimAdmin.merge(mapper, SimKnobs.DEFAULTS, knobPatch));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("bad knob: " + e.getOriginalMessage(), e);
            }
            return b;
        }

        static String camel(String kebab) {
            StringBuilder s = new StringBuilder();
            boolean up = false;
            for (char c : kebab.toCharArray()) {
                if (c == '-') {
                    up = true;
                } else {
                    s.append(up ? Character.toUpperCase(c) : c);
                    up = false;
                }
            }
            return s.toString();
        }
    }
}
