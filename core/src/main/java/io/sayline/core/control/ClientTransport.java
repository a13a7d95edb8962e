package io.sayline.core.control;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.sayline.config.ControlConfig;
import io.sayline.core.net.NettyClients;

import java.net.URI;

/**
 * How a control channel reaches its bot: the socket type and resolver that match the call's event loop,
 * the TLS context for {@code wss://}, and the pipeline
 * {@code [TLS] → HTTP codec → handshake → WebSocket frames → frame aggregator → ControlFrameHandler}.
 */
final class ClientTransport {
    /**
     * Caller audio (protocol v1.1 {@code listen}) is written only while the channel is writable, i.e. while
     * less than the high mark waits in memory for a slow bot: 16 KiB is about 0.5 s of {@code l16} at 16 kHz
     * (2 s of {@code ulaw}) instead of Netty's default 64 KiB. Events are never held back by it.
     */
    static final WriteBufferWaterMark WRITE_WATER_MARK = new WriteBufferWaterMark(8 * 1024, 16 * 1024);
    /**
     * The kernel's send buffer for the same reason: left to autotuning it grows to {@code tcp_wmem}'s maximum
     * (4 MiB on Linux), two minutes of audio a bot that stopped reading would get late instead of a
     * {@code listen.overflow}, and memory no call should hold. 64 KiB is 2 s of the densest audio
     * ({@code l16} 16 kHz), and 20 times the bandwidth-delay product of that stream at 100 ms round trip.
     */
    static final int SEND_BUFFER_BYTES = 64 * 1024;
    /** The 101 response, or an error page from a misconfigured bot URL; nothing legitimate is larger. */
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 8192;

    private ClientTransport() {
    }

    static Bootstrap bootstrap(EventLoop loop, URI uri, String bearerToken, ControlConfig config,
                               ChannelHandler frameHandler) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (bearerToken != null) {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearerToken);
        }
        int hardFrameCap = (int) Math.min((long) config.maxFrameBytes() * ControlChannel.HARD_FRAME_CAP_FACTOR,
                Integer.MAX_VALUE);
        WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol(ControlChannel.SUBPROTOCOL)
                .version(WebSocketVersion.V13)
                .customHeaders(headers)
                .maxFramePayloadLength(hardFrameCap)
                .handleCloseFrames(false)
                // ControlChannel writes its own close frame once the channel is open. Netty's automatic one
                // would also be tried on a close() during the handshake, before the 101 (RFC 6455 section 4.1
                // allows no frame there), and the socket would stay open until that write completed.
                .sendCloseFrame(null)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(config.connectTimeoutMs())
                // Protocol v1 answers a bad frame with an error event and goes on; a UTF-8 check would
                // instead fail the connection (RFC 6455 section 8.1), ending the call for one bad byte.
                .withUTF8Validator(false)
                .build();
        return NettyClients.bootstrap(loop, config.connectTimeoutMs())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_WATER_MARK)
                .option(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) throws Exception {
                        NettyClients.webSocketPipeline(ch, uri, MAX_HANDSHAKE_RESPONSE_BYTES, null, wsConfig,
                                config.maxFrameBytes(), frameHandler);
                    }
                });
    }
}
