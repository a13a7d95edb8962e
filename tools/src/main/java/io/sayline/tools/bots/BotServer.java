package io.sayline.tools.bots;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.http.HttpServer;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves one example bot over WebSocket with core's {@link HttpServer}: {@code ws://HOST:PORT/bots/NAME},
 * subprotocol {@code sayline.v1}, one fresh bot per connection. Everything runs on one event loop, so code
 * outside Netty (a stdin reader) reaches the bots with {@code loop().execute(...)}.
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

    /** Binds {@code bind:port} (0 for an ephemeral port) and returns once listening. */
    public static BotServer start(String bind, int port, String name, Supplier<BuiltinBot> bot) {
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-bot", true));
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

    /** The one loop every connection and timer of this server runs on. */
    public EventLoop loop() {
        return group.next();
    }

    @Override
    public void close() {
        http.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
