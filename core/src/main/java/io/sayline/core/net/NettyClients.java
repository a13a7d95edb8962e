package io.sayline.core.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * What every outbound Netty connection of Sayline needs from the event loop it runs on: the socket type of the
 * loop's transport, a resolver that never blocks the loop, and TLS that checks the peer's certificate and name.
 * Used by the bots' control channels and the speech vendors' HTTP answers and WebSockets.
 */
public final class NettyClients {
    private NettyClients() {
    }

    /**
     * A client bootstrap on {@code loop}: the socket type of its transport, the resolver that never blocks it, the
     * connect timeout, and no Nagle delay (every write here is a message someone waits for).
     */
    public static Bootstrap bootstrap(EventLoop loop, int connectTimeoutMs) {
        return new Bootstrap()
                .group(loop)
                .channel(socketChannelFor(loop))
                .resolver(resolverFor(loop))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * The pipeline of a client WebSocket: TLS for {@code wss}, the HTTP codec and an aggregator for the handshake's
     * answer, {@code beforeHandshake} (null for none) to see that answer first, the protocol handler, whole
     * messages of at most {@code maxMessageBytes}, then {@code last}.
     */
    public static void webSocketPipeline(Channel ch, URI uri, int maxHandshakeBytes, ChannelHandler beforeHandshake,
                                         WebSocketClientProtocolConfig config, int maxMessageBytes,
                                         ChannelHandler last) throws SSLException {
        ChannelPipeline p = ch.pipeline();
        if (isTls(uri)) {
            p.addLast(tlsHandler(ch, uri.getHost(), portOf(uri)));
        }
        p.addLast(new HttpClientCodec());
        p.addLast(new HttpObjectAggregator(maxHandshakeBytes));
        if (beforeHandshake != null) {
            p.addLast(beforeHandshake);
        }
        p.addLast(new WebSocketClientProtocolHandler(config));
        p.addLast(new WebSocketFrameAggregator(maxMessageBytes));
        p.addLast(last);
    }

    /**
     * Runs {@code task} on {@code loop}: now when called there, else queued. A loop that is shutting down closes
     * its channels itself, so a task it refuses has nothing left to do and is dropped.
     */
    public static void runOn(EventLoop loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException loopGone) {
            // nothing is left to do or report
        }
    }

    /** Whether {@code uri} is {@code wss} or {@code https}. */
    public static boolean isTls(URI uri) {
        return "wss".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    /** The port of {@code uri}, or its scheme's default. */
    public static int portOf(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : isTls(uri) ? 443 : 80;
    }

    /** A channel must be of its event loop's transport: epoll loops take epoll sockets. */
    public static Class<? extends Channel> socketChannelFor(EventLoop loop) {
        return loop.parent() instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Netty's default resolver calls {@code InetAddress.getByName}, which blocks the loop while DNS answers; this
     * one queries asynchronously on the loop itself (hosts file first, then resolv.conf).
     */
    public static AddressResolverGroup<InetSocketAddress> resolverFor(EventLoop loop) {
        return loop.parent() instanceof EpollEventLoopGroup ? Resolvers.EPOLL : Resolvers.NIO;
    }

    /**
     * A TLS handler that checks the peer's certificate against the JDK trust store and its host name. Netty's
     * SslContext verifies the chain but not the name unless endpoint identification is set.
     */
    public static SslHandler tlsHandler(Channel channel, String host, int port) throws SSLException {
        SslHandler handler = Tls.context().newHandler(channel.alloc(), host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    /** One resolver group per transport, created on first use; it keeps one resolver per event loop. */
    private static final class Resolvers {
        static final AddressResolverGroup<InetSocketAddress> NIO = new DnsAddressResolverGroup(
                NioDatagramChannel.class, DnsServerAddressStreamProviders.platformDefault());
        static final AddressResolverGroup<InetSocketAddress> EPOLL = new DnsAddressResolverGroup(
                EpollDatagramChannel.class, DnsServerAddressStreamProviders.platformDefault());
    }

    /** Built once, on first use: an SslContext is costly to build and safe to share. */
    private static final class Tls {
        private static SslContext context;

        static synchronized SslContext context() throws SSLException {
            if (context == null) {
                context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
            }
            return context;
        }
    }
}
