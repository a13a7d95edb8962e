package io.sayline.core.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sayline.core.bot.BuiltinBot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sayline's HTTP port: {@code GET /health}, {@code GET /calls}, {@code GET /metrics} (docs/architecture.md,
 * "Run contract"), and the built-in bots' WebSocket endpoint {@code /bots/NAME} (subprotocol
 * {@code sayline.v1}), where each connection runs a fresh {@link BuiltinBot}. A call routed to
 * {@code builtin:NAME} opens its control channel to {@link #botUri(String)} over loopback, so built-in and
 * external bots share one code path.
 *
 * <p>Threading: runs on the event loop groups it is given (shared with the rest of the server). The
 * suppliers are called on an HTTP connection's loop and must be thread-safe and quick.
 * {@link #start()} and {@link #close()} block; call them from the main thread, never from an event loop.
 */
public final class HttpServer implements AutoCloseable {
    static final int MAX_INITIAL_LINE_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_CHUNK_BYTES = 8192;
    /** No route takes a body; anything larger gets 413 from the aggregator. */
    static final int MAX_BODY_BYTES = 8192;
    /** A plain HTTP connection silent this long is closed (slowloris and forgotten keep-alives). */
    static final int IDLE_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /** What {@code GET /health} reports (docs/architecture.md, "Run contract"). */
    public enum Health {
        /** Not every listener (SIP, RTP, HTTP) is bound yet: 503 {@code {"status":"starting"}}. */
        STARTING,
        /** SIP, RTP and HTTP are bound: 200 {@code {"status":"ok"}}. */
        OK,
        /** SIGTERM received; live calls finish, new ones are refused: 503 {@code {"status":"draining"}}. */
        DRAINING
    }

    private final String bindAddress;
    private final int port;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Routes routes;
    private final ChannelGroup connections = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private volatile Channel server;

    /** What the router reads; immutable. */
    /** @param callsToken the bearer token {@code /calls} asks for, or null when it asks for none */
    record Routes(Supplier<Health> health, Supplier<? extends List<?>> calls, Supplier<String> metrics,
                  Map<String, Supplier<BuiltinBot>> bots, int maxFrameBytes, String callsToken) {
    }

    private HttpServer(Builder builder) {
        this.bindAddress = builder.bindAddress;
        this.port = builder.port;
        this.boss = builder.boss;
        this.workers = builder.workers;
        this.routes = new Routes(builder.health, builder.calls, builder.metrics, Map.copyOf(builder.bots),
                builder.maxFrameBytes, builder.callsToken);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds and starts a server on all addresses with the defaults of {@link Builder}, using {@code loops}
     * both to accept and to serve connections.
     */
    public static HttpServer start(EventLoopGroup loops, int port, Supplier<Health> health,
                                   Supplier<? extends List<?>> calls, Supplier<String> metrics,
                                   Map<String, Supplier<BuiltinBot>> bots) {
        HttpServer server = builder().port(port).groups(loops, loops).health(health).calls(calls).metrics(metrics)
                .bots(bots).build();
        server.start();
        return server;
    }

    /** Binds the port; returns once bound. Throws {@link IllegalStateException} if it cannot bind. */
    public void start() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(serverChannelFor(boss))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(HttpRouter.IDLE_HANDLER, new IdleStateHandler(IDLE_SECONDS, 0, 0))
                                .addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
                                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                                .addLast(new HttpRouter(routes));
                    }
                });
        ChannelFuture bound = bootstrap.bind(bindAddress, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("HTTP cannot bind " + bindAddress + ":" + port + ": "
                    + bound.cause(), bound.cause());
        }
        server = bound.channel();
        LOG.info("http: listening on {}", server.localAddress());
    }

    /** The bound port (the ephemeral one when configured with 0). Only after {@link #start()}. */
    public int port() {
        Channel bound = server;
        if (bound == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) bound.localAddress()).getPort();
    }

    /** Where a control channel reaches built-in bot {@code name}: {@code ws://127.0.0.1:PORT/bots/NAME}. */
    public URI botUri(String name) {
        String host = bindAddress.equals("0.0.0.0") || bindAddress.equals("::")
                ? "127.0.0.1" : bindAddress;
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("ws://" + host + ":" + port() + HttpRouter.BOTS_PREFIX + name);
    }

    public boolean hasBot(String name) {
        return routes.bots().containsKey(name);
    }

    /** Stops listening and closes open connections, built-in bot sockets included. Idempotent. */
    @Override
    public void close() {
        Channel bound = server;
        if (bound != null) {
            bound.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }

    private static Class<? extends ServerChannel> serverChannelFor(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Every setting has a default except the event loop groups. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int port = 8080;
        private EventLoopGroup boss;
        private EventLoopGroup workers;
        private Supplier<Health> health = () -> Health.STARTING;
        private Supplier<? extends List<?>> calls = List::of;
        private Supplier<String> metrics = () -> "";
        private Map<String, Supplier<BuiltinBot>> bots = Map.of();
        private int maxFrameBytes = 65536;
        private String callsToken;

        private Builder() {
        }

        public Builder bindAddress(String value) {
            this.bindAddress = Objects.requireNonNull(value, "bindAddress");
            return this;
        }

        /** {@code http.port}; 0 binds an ephemeral port, see {@link HttpServer#port()}. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** The groups to run on, shared with the rest of the server; both may be the same group. */
        public Builder groups(EventLoopGroup bossGroup, EventLoopGroup workerGroup) {
            this.boss = Objects.requireNonNull(bossGroup, "bossGroup");
            this.workers = Objects.requireNonNull(workerGroup, "workerGroup");
            return this;
        }

        public Builder health(Supplier<Health> value) {
            this.health = Objects.requireNonNull(value, "health");
            return this;
        }

        /** Live calls, serialised to a JSON array with Jackson. */
        public Builder calls(Supplier<? extends List<?>> value) {
            this.calls = Objects.requireNonNull(value, "calls");
            return this;
        }

        /** Prometheus text exposition, served as {@code text/plain; version=0.0.4}. */
        public Builder metrics(Supplier<String> value) {
            this.metrics = Objects.requireNonNull(value, "metrics");
            return this;
        }

        /** Built-in bots by name, e.g. {@code BuiltinBots.all()}. */
        public Builder bots(Map<String, Supplier<BuiltinBot>> value) {
            this.bots = Objects.requireNonNull(value, "bots");
            return this;
        }

        /** Largest event frame a built-in bot accepts ({@code control.maxFrameBytes}). */
        public Builder maxFrameBytes(int value) {
            if (value < 1024) {
                throw new IllegalArgumentException("maxFrameBytes must be >= 1024, was " + value);
            }
            this.maxFrameBytes = value;
            return this;
        }

        /** {@code http.token}: {@code /calls} answers only requests bearing it; null for none. */
        public Builder callsToken(String value) {
            this.callsToken = value;
            return this;
        }

        public HttpServer build() {
            if (boss == null || workers == null) {
                throw new IllegalStateException("groups(boss, workers) must be set");
            }
            return new HttpServer(this);
        }
    }
}
