package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Whole (non-streamed) HTTP answers. */
final class HttpReplies {
    private HttpReplies() {
    }

    static ChannelFuture json(ChannelHandlerContext ctx, HttpResponseStatus status, JsonNode body, boolean keepAlive) {
        return bytes(ctx, status, HttpHeaderValues.APPLICATION_JSON.toString(),
                body.toString().getBytes(StandardCharsets.UTF_8), keepAlive, null);
    }

    static ChannelFuture bytes(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType,
            byte[] body, boolean keepAlive, io.netty.handler.codec.http.HttpHeaders extra) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (extra != null) {
            r.headers().add(extra);
        }
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = ctx.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return f;
    }
}
