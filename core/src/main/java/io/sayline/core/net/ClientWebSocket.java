package io.sayline.core.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A WebSocket to a vendor, on the event loop its opener names: the handshake, its messages and its close all run
 * there, and so does every {@link Listener} callback. No thread per socket, no lock: {@link #send}, {@link #close}
 * and {@link #cancel} may be called from any thread and hop onto the loop.
 *
 * <p>Why not OkHttp's WebSocket, as before: OkHttp gives each WebSocket a reader thread and runs every send as a
 * task on its process-wide task runner, and okio schedules a timeout for every read and write in one list under
 * one lock. A thousand calls with a multi-context socket each were a thousand reader threads on two cores; two
 * hundred transcribing calls cost a third of the machine (docs/performance.md).
 *
 * <p>Messages sent before the handshake completes wait and go out in order when it does, as OkHttp did. At most
 * one of {@link Listener#onClosing} and {@link Listener#onFailure} is called, and nothing after this side's own
 * {@link #close} or {@link #cancel}.
 */
public final class ClientWebSocket {
    private static final int NORMAL_CLOSURE = 1000;
    /** A refused handshake's answer is read up to this much, for the vendor's error message. */
    private static final int MAX_REFUSAL_BYTES = 16 * 1024;

    /** What the socket tells its owner, on its loop. */
    public interface Listener {
        /** The handshake completed; what was sent before it is on its way. */
        default void onOpen(ClientWebSocket socket) {
        }

        /** A whole text message, as UTF-8 bytes; released when this returns. */
        void onText(ClientWebSocket socket, ByteBuf utf8);

        /** The peer closed the socket (its close frame has been answered). */
        void onClosing(ClientWebSocket socket, int code, String reason);

        /**
         * The socket failed: no connection, the handshake refused ({@code refusal} then holds the answer), or the
         * connection lost.
         */
        void onFailure(ClientWebSocket socket, Throwable cause, Refusal refusal);
    }

    /** A handshake answered with a status other than 101: the status, its reason phrase, the start of the body. */
    public record Refusal(int status, String reason, String body) {
    }

    private final EventLoop loop;
    private final Listener listener;
    private final int maxQueuedBytes;
    private long handshakeTimeoutMs;
    private final Queue<String> beforeOpen = new ArrayDeque<>();
    private int beforeOpenBytes;
    private Channel channel;
    private boolean open;
    private boolean over;
    private Refusal refusal;

    private ClientWebSocket(EventLoop loop, int maxQueuedBytes, Listener listener) {
        this.loop = loop;
        this.maxQueuedBytes = maxQueuedBytes;
        this.listener = listener;
    }

    /** The {@code ws}/{@code wss} form of an {@code http}/{@code https} URI. */
    public static URI uriFor(URI http) {
        String scheme = "https".equalsIgnoreCase(http.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + http.toString().substring(http.getScheme().length()));
    }

    /**
     * Opens a socket to {@code request}'s {@code ws}/{@code wss} URI with its headers; its connect timeout bounds
     * the connection, its read timeout the handshake's answer.
     *
     * @param maxMessageBytes the largest message accepted from the peer; a larger one fails the socket
     * @param maxQueuedBytes  what may wait to be written (before the handshake, or behind a slow peer); a send
     *                        beyond it is refused
     */
    public static ClientWebSocket open(EventLoop loop, StreamingRequest request, int maxMessageBytes,
                                       int maxQueuedBytes, Listener listener) {
        ClientWebSocket socket = new ClientWebSocket(loop, maxQueuedBytes, listener);
        socket.onLoop(() -> socket.connect(request, maxMessageBytes));
        return socket;
    }

    /**
     * Sends a text message, or queues it until the handshake completes.
     *
     * @return false when it was refused: the socket is over, or {@code maxQueuedBytes} are already waiting (known
     *         only when called on the loop; from elsewhere the message is handed to the loop and true returned)
     */
    public boolean send(String text) {
        if (!loop.inEventLoop()) {
            onLoop(() -> send(text));
            return true;
        }
        if (over) {
            return false;
        }
        if (!open) {
            if (beforeOpenBytes + text.length() > maxQueuedBytes) {
                return false;
            }
            beforeOpen.add(text);
            beforeOpenBytes += text.length();
            return true;
        }
        if (channel.bytesBeforeUnwritable() <= 0) {
            return false;
        }
        channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        return true;
    }

    /** Closes with a close frame (after what was sent); nothing is reported after this. */
    public void close(int code, String reason) {
        onLoop(() -> {
            boolean wasOpen = open && !over;
            end();
            if (channel == null) {
                return;
            }
            if (wasOpen && channel.isActive()) {
                Channel closing = channel;
                closing.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> closing.close());
            } else {
                channel.close();
            }
        });
    }

    /** Whether the handshake completed: a failure after it lost a working socket. Call on the loop. */
    public boolean opened() {
        return open;
    }

    /** Drops the connection at once; nothing is reported after this. */
    public void cancel() {
        onLoop(() -> {
            end();
            if (channel != null) {
                channel.close();
            }
        });
    }

    private void connect(StreamingRequest request, int maxMessageBytes) {
        if (over) {
            return;
        }
        handshakeTimeoutMs = request.readTimeoutMs();
        URI uri = request.uri();
        HttpHeaders headers = new DefaultHttpHeaders();
        request.headers().forEach(headers::add);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(headers)
                .maxFramePayloadLength(maxMessageBytes)
                .handshakeTimeoutMillis(request.readTimeoutMs())
                .handleCloseFrames(false)
                .dropPongFrames(true)
                // Jackson rejects malformed UTF-8 as it parses each message (a malformed vendor message); Netty's
                // validator would scan every byte once more first, byte by byte: at 1,000 talking calls it
                // was the vendor loops' largest single cost, above base64 and resampling (docs/performance.md).
                .withUTF8Validator(false)
                .build();
        ChannelFuture connecting = NettyClients.bootstrap(loop, request.connectTimeoutMs())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(maxQueuedBytes / 2, maxQueuedBytes))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) throws Exception {
                        NettyClients.webSocketPipeline(ch, uri, MAX_REFUSAL_BYTES,
                                new HandshakeRefusal(refused -> refusal = refused, MAX_REFUSAL_BYTES), config,
                                maxMessageBytes, new FromPeer());
                    }
                })
                .connect(uri.getHost(), NettyClients.portOf(uri));
        channel = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                fail(done.cause());
            }
        });
    }

    private void fail(Throwable cause) {
        if (!over) {
            end();
            listener.onFailure(this, cause, refusal);
        }
    }

    private void end() {
        over = true;
        beforeOpen.clear();
        beforeOpenBytes = 0;
    }

    private void onLoop(Runnable task) {
        NettyClients.runOn(loop, task);
    }

    /** The peer's side: the handshake's outcome, its messages, its close. */
    private final class FromPeer extends SimpleChannelInboundHandler<WebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && !over) {
                open = true;
                for (String text; (text = beforeOpen.poll()) != null; ) {
                    ctx.write(new TextWebSocketFrame(text), ctx.voidPromise());
                }
                beforeOpenBytes = 0;
                ctx.flush();
                listener.onOpen(ClientWebSocket.this);
            } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                fail(new SocketTimeoutException("no handshake answer within " + handshakeTimeoutMs + " ms"));
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (over) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                listener.onText(ClientWebSocket.this, text.content());
            } else if (frame instanceof CloseWebSocketFrame close) {
                int code = close.statusCode();
                String reason = close.reasonText();
                end();
                ctx.writeAndFlush(new CloseWebSocketFrame(NORMAL_CLOSURE, null)).addListener(f -> ctx.close());
                listener.onClosing(ClientWebSocket.this, code, reason);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            fail(cause instanceof WebSocketClientHandshakeException && refusal == null
                    ? new IOException(cause.getMessage(), cause) : cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            fail(new IOException(open ? "the connection closed"
                    : "the connection closed before the handshake completed"));
            super.channelInactive(ctx);
        }
    }
}
