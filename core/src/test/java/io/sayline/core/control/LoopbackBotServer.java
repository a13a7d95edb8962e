package io.sayline.core.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bot on 127.0.0.1 for tests: records handshakes and received frames, lets the test write frames. */
final class LoopbackBotServer implements AutoCloseable {
    final BlockingQueue<WebSocketServerProtocolHandler.HandshakeComplete> handshakes = new LinkedBlockingQueue<>();
    final BlockingQueue<Channel> connections = new LinkedBlockingQueue<>();
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closeStatuses = new LinkedBlockingQueue<>();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;

    /** @param subprotocol the one the server accepts, or null to accept none */
    LoopbackBotServer(String subprotocol) throws InterruptedException {
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/bot").subprotocols(subprotocol).maxFramePayloadLength(1 << 20)
                .handleCloseFrames(false)
                .sendCloseFrame(null) // so that closing a connection drops it without a close frame
                .build();
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(config), new Recorder());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/bot");
    }

    Channel nextConnection() throws InterruptedException {
        Channel ch = connections.poll(5, TimeUnit.SECONDS);
        if (ch == null) {
            throw new AssertionError("no connection");
        }
        return ch;
    }

    String nextText() throws InterruptedException {
        String text = texts.poll(5, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no text frame");
        }
        return text;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Recorder extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete complete) {
                handshakes.add(complete);
                connections.add(ctx.channel());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                texts.add(text.text());
            } else if (frame instanceof CloseWebSocketFrame close) {
                closeStatuses.add(close.statusCode());
                ctx.close();
            }
        }
    }
}
