package io.sayline.core.stt;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.sayline.core.net.NettyClients;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Queue;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * One WebSocket to the vendor's realtime speech-to-text endpoint, for one stretch of a call's transcription (a
 * reconnect opens a new one), on the call's vendor I/O event loop: {@link #connect}, {@link #send} and
 * {@link #close} run there, and so does every callback of {@link Listener}. No thread per stream, no lock.
 *
 * <p>Why Netty and not OkHttp's WebSocket, as before: OkHttp gives each WebSocket a reader thread and runs every
 * send as a task on its process-wide task runner, and okio schedules a timeout for every read and write in one
 * list under one lock. With 200 calls transcribing (about 5,000 chunks a second) that cost a third of a 2-core
 * machine and 1,200 threads, and the vendor's text-to-speech streams, which share okio's timeout list, missed
 * their 3 s read timeout by the thousand (docs/performance.md).
 */
final class ScribeStream {
    static final int SAMPLE_RATE = 8000;
    /** Audio waiting to be written beyond this (base64 JSON, ~10 s of μ-law) is dropped, not queued without end. */
    static final int MAX_QUEUED_BYTES = 128 * 1024;
    private static final int NORMAL_CLOSURE = 1000;
    /** Transcripts are short; a committed one with word timestamps for a long phrase is a few KiB. */
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 8192;

    /** What the stream tells its owner, on the stream's event loop. */
    interface Listener {
        void message(ScribeMessage message);

        /** The stream is over: {@code failure} null when it was closed on purpose. Called once. */
        void ended(SttFailure failure);
    }

    private final EventLoop io;
    private final Request request;
    private final int connectTimeoutMs;
    private final ScribeMessages messages;
    private final Listener listener;
    /** Chunks sent before the handshake completed, written when it does; bounded by {@link #MAX_QUEUED_BYTES}. */
    private final Queue<String> beforeOpen = new ArrayDeque<>();
    private int beforeOpenBytes;
    private Channel channel;
    private boolean opened;
    private boolean ended;
    private boolean closedByUs;
    private SttFailure vendorError;

    ScribeStream(EventLoop io, Request request, int connectTimeoutMs, ScribeMessages messages, Listener listener) {
        this.io = io;
        this.request = request;
        this.connectTimeoutMs = connectTimeoutMs;
        this.messages = messages;
        this.listener = listener;
    }

    void connect() {
        HttpUrl url = request.url();
        boolean tls = url.isHttps();
        URI uri = URI.create((tls ? "wss" : "ws") + url.toString().substring(url.scheme().length()));
        HttpHeaders headers = new DefaultHttpHeaders();
        request.headers().forEach(header -> headers.add(header.getFirst(), header.getSecond()));
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(headers)
                .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                .handshakeTimeoutMillis(connectTimeoutMs)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .build();
        ChannelFuture connecting = new Bootstrap()
                .group(io)
                .channel(NettyClients.socketChannelFor(io))
                .resolver(NettyClients.resolverFor(io))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(MAX_QUEUED_BYTES / 2, MAX_QUEUED_BYTES))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) throws Exception {
                        ChannelPipeline p = ch.pipeline();
                        if (tls) {
                            p.addLast(NettyClients.tlsHandler(ch, url.host(), url.port()));
                        }
                        p.addLast(new HttpClientCodec());
                        p.addLast(new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES));
                        p.addLast(new WebSocketClientProtocolHandler(config));
                        p.addLast(new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
                        p.addLast(new FromVendor());
                    }
                })
                .connect(url.host(), url.port());
        channel = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                end(SttFailure.connectFailed(String.valueOf(done.cause())));
            }
        });
    }

    /**
     * Queues one chunk of μ-law audio.
     *
     * @return false when it was not queued (the socket is gone or too far behind): the caller counts it
     */
    boolean send(byte[] ulaw) {
        if (channel == null || ended) {
            return false;
        }
        String json = messages.audioChunk(ulaw);
        if (!opened) {
            if (beforeOpenBytes + json.length() > MAX_QUEUED_BYTES) {
                return false;
            }
            beforeOpen.add(json);
            beforeOpenBytes += json.length();
            return true;
        }
        if (!channel.isWritable()) {
            return false;
        }
        channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
        return true;
    }

    void close() {
        closedByUs = true;
        beforeOpen.clear();
        if (channel != null) {
            if (opened && channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(NORMAL_CLOSURE, null)).addListener(f -> channel.close());
            } else {
                channel.close();
            }
        }
        end(null);
    }

    private void end(SttFailure failure) {
        if (!ended) {
            ended = true;
            beforeOpen.clear();
            if (!closedByUs) {
                listener.ended(failure);
            }
        }
    }

    /** The vendor's side of the socket: the handshake's outcome, its messages, its close. */
    private final class FromVendor extends SimpleChannelInboundHandler<WebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened = true;
                for (String json; (json = beforeOpen.poll()) != null; ) {
                    ctx.write(new TextWebSocketFrame(json), ctx.voidPromise());
                }
                beforeOpenBytes = 0;
                ctx.flush();
            } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                end(SttFailure.connectFailed("no handshake answer within " + connectTimeoutMs + " ms"));
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                ScribeMessage message = messages.read(text.text());
                if (message instanceof ScribeMessage.VendorError error) {
                    // The vendor usually closes next; if it does not, the stream is over anyway: no transcript
                    // follows an error, and the owner decides whether to open another.
                    vendorError = SttFailure.ofVendor(error.messageType(), error.error());
                    end(vendorError);
                    ctx.writeAndFlush(new CloseWebSocketFrame(NORMAL_CLOSURE, null)).addListener(f -> ctx.close());
                    return;
                }
                if (!ended) {
                    listener.message(message);
                }
            } else if (frame instanceof CloseWebSocketFrame close) {
                int code = close.statusCode();
                String reason = close.reasonText();
                ctx.writeAndFlush(new CloseWebSocketFrame(NORMAL_CLOSURE, null)).addListener(f -> ctx.close());
                end(vendorError != null ? vendorError
                        : SttFailure.connectionLost("the vendor closed the stream: " + code + " " + reason));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof WebSocketClientHandshakeException refused && refused.response() != null) {
                end(SttFailure.ofHandshake(refused.response().status().code(),
                        refused.response().status().reasonPhrase()));
            } else if (vendorError != null) {
                end(vendorError);
            } else {
                end(opened ? SttFailure.connectionLost(String.valueOf(cause))
                        : SttFailure.connectFailed(String.valueOf(cause)));
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            end(vendorError != null ? vendorError : opened
                    ? SttFailure.connectionLost("the vendor's connection closed")
                    : SttFailure.connectFailed("the connection closed before the handshake completed"));
            super.channelInactive(ctx);
        }
    }
}
