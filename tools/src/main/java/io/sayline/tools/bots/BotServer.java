package io.sayline.tools.bots;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.http.HttpServer;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves one example bot over WebSocket with core's {@link HttpServer}: {@code ws://HOST:PORT/bots/NAME},
 * subprotocol {@code sayline.v1}, one fresh bot per connection. By default everything runs on one event loop, so
 * code outside Netty (a stdin reader) reaches the bots with {@code loop().execute(...)}; a server started with more
 * loops spreads its connections over them, for bots that share nothing but thread-safe state.
 */
public final class BotServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final HttpServer http;
    private final String name;

    private BotServer(EventLoopGroup group, HttpServer http, String name) {
        this.group = group;
        this.http = http;
        this.name = name;
    }

    /** Binds {@code bind:port} (0 for an ephemeral port) on one loop and returns once listening. */
    public static BotServer start(String bind, int port, String name, Supplier<BuiltinBot> bot) {
        return start(bind, port, name, bot, 1);
    }

    /** The same on {@code loops} event loops: each connection's bot lives on one of them. */
    public static BotServer start(String bind, int port, String name, Supplier<BuiltinBot> bot, int loops) {
        EventLoopGroup group = new NioEventLoopGroup(loops, new DefaultThreadFactory(name + "-bot", true));
        try {
            HttpServer http = HttpServer.builder().bindAddress(bind).port(port).groups(group, group)
                    .health(() -> HttpServer.Health.OK).bots(Map.of(name, bot)).build();
            http.start();
            return new BotServer(group, http, name);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The URL to give Sayline as {@code --bot} or a route's {@code bot}. */
    public URI uri() {
        return http.botUri(name);
    }

    /** The loop every connection and timer of a one-loop server runs on. */
    public EventLoop loop() {
        return group.next();
    }

    /** Every loop of this server. */
    public List<EventLoop> loops() {
        List<EventLoop> loops = new ArrayList<>();
        group.forEach(executor -> loops.add((EventLoop) executor));
        return loops;
    }

    @Override
    public void close() {
        http.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
