package io.sayline.core.tts.elevenlabs.warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.sayline.core.tts.elevenlabs.warmup.SpokenChunks.Chunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The loopback vendor's HTTP side: a synthesis request is answered with its whole audio at once (raw, as
 * with-timestamps lines, or in one body), a WebSocket handshake hands the connection to {@link LoopbackSocket}.
 */
final class LoopbackRequests extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final SpokenChunks speech;
    private final ObjectMapper json;

    LoopbackRequests(SpokenChunks speech, ObjectMapper json) {
        this.speech = speech;
        this.json = json;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.endsWith("stream-input")) {
            openSocket(ctx, request, path.endsWith("multi-stream-input"));
            return;
        }
        JsonNode body = json.readTree(request.content().toString(StandardCharsets.UTF_8));
        List<Chunk> chunks = speech.of(body.path("text").asText());
        if (path.endsWith("/stream/with-timestamps")) {
            stream(ctx, request, chunks, true);
        } else if (path.endsWith("/stream")) {
            stream(ctx, request, chunks, false);
        } else {
            whole(ctx, request, chunks);
        }
    }

    private void openSocket(ChannelHandlerContext ctx, FullHttpRequest request, boolean multiContext) {
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri(), null, false,
                LoopbackVendor.MAX_MESSAGE_BYTES).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ctx.pipeline().replace(this, "socket", new LoopbackSocket(speech, json, multiContext, handshaker));
        handshaker.handshake(ctx.channel(), request);
    }

    private void stream(ChannelHandlerContext ctx, FullHttpRequest request, List<Chunk> chunks, boolean timestamps) {
        DefaultHttpResponse head = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        HttpUtil.setTransferEncodingChunked(head, true);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, timestamps
                ? HttpHeaderValues.APPLICATION_JSON : HttpHeaderValues.APPLICATION_OCTET_STREAM);
        ctx.write(head);
        for (Chunk chunk : chunks) {
            byte[] bytes = timestamps
                    ? (SpokenChunks.timestampsLine(json, chunk) + "\n").getBytes(StandardCharsets.UTF_8)
                    : chunk.audio();
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(keepAliveOrClose(request));
    }

    private void whole(ChannelHandlerContext ctx, FullHttpRequest request, List<Chunk> chunks) {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        chunks.forEach(chunk -> audio.writeBytes(chunk.audio()));
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.OK, Unpooled.wrappedBuffer(audio.toByteArray()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(keepAliveOrClose(request));
    }

    private static ChannelFutureListener keepAliveOrClose(FullHttpRequest request) {
        return HttpUtil.isKeepAlive(request) ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the client's failure counts it; the warm-up reports the total
    }
}
