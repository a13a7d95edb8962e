package io.sayline.tools.e2e;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.ControlCodec;
import io.sayline.core.control.protocol.Decoded;
import io.sayline.core.control.protocol.Event;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bot that can misbehave on the wire, which {@link io.sayline.core.testing.TestBot} (always well-formed
 * commands, orderly closes) cannot: it sends raw text and binary frames and drops its TCP connection
 * without a close frame. A plain Netty WebSocket server with subprotocol {@code sayline.v1}.
 */
final class RawBot implements AutoCloseable {
    private static final String PATH = "/bot";
    private static final String SUBPROTOCOL = "sayline.v1";
    /** Large enough for anything Sayline sends; Sayline's own limits are what the tests exercise. */
    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();

    RawBot() {
        this(0);
    }

    /**
     * @param receiveBufferBytes the TCP receive buffer of Sayline's connections (SO_RCVBUF, set on the listening
     *                           socket so the window is sized from the start), or 0 for the system's default: a
     *                           small one makes a bot that stops reading fill up in seconds
     */
    RawBot(int receiveBufferBytes) {
        ServerBootstrap bootstrap = new ServerBootstrap();
        if (receiveBufferBytes > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
        server = bootstrap.group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_FRAME),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath(PATH).subprotocols(SUBPROTOCOL)
                                        .maxFramePayloadLength(MAX_FRAME)
                                        .sendCloseFrame(null) // drop() must not say goodbye
                                        .build()),
                                new Connection());
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    String url() {
        return "ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + PATH;
    }

    /** The next connection whose WebSocket handshake completed (10 s at most). */
    Connection awaitConnection(Duration timeout) throws InterruptedException {
        Connection connection = connections.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (connection == null) {
            throw new AssertionError("no control connection within " + timeout);
        }
        return connection;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One control connection from Sayline. */
    final class Connection extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> undecodable = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
        private volatile Channel channel;
        private volatile long handshakeNanos;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                channel = ctx.channel();
                handshakeNanos = System.nanoTime();
                connections.add(this);
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                Decoded<Event> decoded = ControlCodec.decodeEvent(text.text());
                if (decoded.isOk()) {
                    events.add(decoded.value());
                } else {
                    undecodable.add(text.text());
                }
            } else if (frame instanceof BinaryWebSocketFrame data) {
                binary.add(ByteBufUtil.getBytes(data.content()));
            }
        }

        long handshakeNanos() {
            return handshakeNanos;
        }

        void send(Command command) {
            sendText(ControlCodec.encode(command));
        }

        void sendText(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
        }

        void sendBinary(byte[] bytes) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))).syncUninterruptibly();
        }

        /** The binary frames received so far (caller audio after {@code listen}), taken out of the queue. */
        List<byte[]> takeBinary() {
            List<byte[]> frames = new ArrayList<>();
            binary.drainTo(frames);
            return frames;
        }

        /** Binary frames received and not yet taken. */
        int binaryCount() {
            return binary.size();
        }

        /** Stops reading the socket (a bot that falls behind): what Sayline sends piles up in the TCP buffers. */
        void pauseReading() {
            channel.config().setAutoRead(false);
        }

        void resumeReading() {
            channel.config().setAutoRead(true);
            channel.read();
        }

        /** Closes the TCP connection with no WebSocket close frame: a crashed bot or a broken network. */
        void drop() {
            channel.close().syncUninterruptibly();
        }

        @SuppressWarnings("unchecked")
        <T extends Event> T await(Class<T> type, Duration timeout) throws InterruptedException {
            return (T) await(type::isInstance, timeout);
        }

        /** The next event matching {@code condition}; earlier events are dropped. */
        Event await(Predicate<Event> condition, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Event event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (event == null) {
                    throw new AssertionError("no matching event within " + timeout + "; undecodable frames: "
                            + undecodable);
                }
                if (condition.test(event)) {
                    return event;
                }
            }
        }
    }
}
