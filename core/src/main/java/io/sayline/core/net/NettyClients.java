package io.sayline.core.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * What every outbound Netty connection of Sayline needs from the event loop it runs on: the socket type of the
 * loop's transport, a resolver that never blocks the loop, and TLS that checks the peer's certificate and name.
 * Used by the bots' control channels and the speech-to-text vendor's WebSockets.
 */
public final class NettyClients {
    private NettyClients() {
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
