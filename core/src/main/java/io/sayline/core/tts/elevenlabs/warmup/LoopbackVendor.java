package io.sayline.core.tts.elevenlabs.warmup;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.sayline.rtp.transcode.AudioFormat;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the ElevenLabs text-to-speech API on a loopback port, for the start-up warm-up only: the three
 * HTTP endpoints ({@code /stream/with-timestamps}, {@code /stream}, the whole-utterance one) and both WebSocket
 * ones ({@code stream-input}, {@code multi-stream-input}), answering every text at once with
 * {@link SpokenChunks}. It checks nothing (no key, no voice): the requests are Sayline's own.
 *
 * <p>Threading: one event loop thread of its own, shut down by {@link #close()}.
 */
final class LoopbackVendor implements AutoCloseable {
    /** A request body or WebSocket message of the warm-up is a sentence of JSON. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final EventLoopGroup group;
    private final Channel server;

    private LoopbackVendor(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Binds an ephemeral loopback port; {@code format} is what every answer speaks. */
    static LoopbackVendor start(AudioFormat format) throws InterruptedException {
        SpokenChunks speech = new SpokenChunks(format);
        ObjectMapper json = new ObjectMapper();
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("tts-warmup-vendor", true));
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_MESSAGE_BYTES),
                                    new LoopbackRequests(speech, json));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            return new LoopbackVendor(group, server);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The base URL a vendor block points at to reach this stand-in. */
    String baseUrl() {
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
