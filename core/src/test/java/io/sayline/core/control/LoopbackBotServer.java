package io.sayline.core.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bot on 127.0.0.1 for tests: records handshakes and received frames, lets the test write frames, and can
 * hold a client's upgrade request unanswered until the test releases it ({@link #holdHandshakes}), so a test
 * decides whether something happens before or after the handshake completes instead of racing it.
 */
final class LoopbackBotServer implements AutoCloseable {
    /**
     * An upgrade request received and not yet answered, the connection it came on, and how many bytes that
     * connection had carried when the request was held (the request itself) and has carried since.
     */
    record HeldHandshake(ChannelHandlerContext ctx, FullHttpRequest request, long bytesAtHold, AtomicLong bytes) {
        Channel connection() {
            return ctx.channel();
        }

        /** Bytes the client sent after its upgrade request, while it waited for the answer. */
        long bytesSinceRequest() {
            return bytes.get() - bytesAtHold;
        }

        /** Answers the request now (101, or whatever the server would have said). */
        void release() {
            ctx.executor().execute(() -> ctx.fireChannelRead(request));
        }
    }

    final BlockingQueue<HeldHandshake> heldHandshakes = new LinkedBlockingQueue<>();
    private volatile boolean holding;
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
                        AtomicLong bytes = new AtomicLong();
                        ch.pipeline().addLast(new ByteCounter(bytes), new HttpServerCodec(),
                                new HttpObjectAggregator(65536), new HandshakeGate(bytes),
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

    /** From now on, upgrade requests wait in {@link #nextHeldHandshake()} until released. */
    void holdHandshakes() {
        holding = true;
    }

    HeldHandshake nextHeldHandshake() throws InterruptedException {
        HeldHandshake held = heldHandshakes.poll(5, TimeUnit.SECONDS);
        if (held == null) {
            throw new AssertionError("no upgrade request");
        }
        return held;
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

    /** Counts the raw bytes a connection receives, before any decoding. */
    private static final class ByteCounter extends ChannelInboundHandlerAdapter {
        private final AtomicLong bytes;

        ByteCounter(AtomicLong bytes) {
            this.bytes = bytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                bytes.addAndGet(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class HandshakeGate extends ChannelInboundHandlerAdapter {
        private final AtomicLong bytes;

        HandshakeGate(AtomicLong bytes) {
            this.bytes = bytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (holding && msg instanceof FullHttpRequest request) {
                heldHandshakes.add(new HeldHandshake(ctx, request, bytes.get(), bytes));
            } else {
                ctx.fireChannelRead(msg);
            }
        }
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
