package io.sayline.core.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Keeps the body of a refused WebSocket handshake: Netty's handshake exception carries the status and headers
 * only, and a vendor says why in the body ({@code {"detail": {"status": "invalid_api_key", ...}}}). Sits between
 * the aggregator and the protocol handler, and leaves once the handshake is answered.
 */
final class HandshakeRefusal extends ChannelInboundHandlerAdapter {
    private static final int SWITCHING_PROTOCOLS = 101;

    private final Consumer<ClientWebSocket.Refusal> sink;
    private final int maxBytes;

    HandshakeRefusal(Consumer<ClientWebSocket.Refusal> sink, int maxBytes) {
        this.sink = sink;
        this.maxBytes = maxBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpResponse answer) {
            int status = answer.status().code();
            if (status != SWITCHING_PROTOCOLS) {
                int length = Math.min(answer.content().readableBytes(), maxBytes);
                sink.accept(new ClientWebSocket.Refusal(status, answer.status().reasonPhrase(),
                        answer.content().toString(answer.content().readerIndex(), length, StandardCharsets.UTF_8)));
            }
            ctx.pipeline().remove(this);
        }
        super.channelRead(ctx, msg);
    }
}
