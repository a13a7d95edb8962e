package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming HTTP answer ({@code /stream} raw audio, or {@code /stream/with-timestamps} JSON lines), fed by
 * a {@link ChunkPacer}. The 200 headers go out with the first chunk, as the vendor's do after inference; a
 * synthesis failure before that becomes an error status. Runs on the connection's event loop.
 */
final class HttpAudioResponse implements ChunkPacer.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAudioResponse.class);

    private final ChannelHandlerContext ctx;
    private final SimState state;
    private final HttpResponse head;
    private final boolean timestamps;
    private final boolean keepAlive;
    private final boolean malformed;
    // guarded by connection loop
    private boolean headSent;
    private boolean done;

    HttpAudioResponse(ChannelHandlerContext ctx, SimState state, HttpResponse head, boolean timestamps,
            boolean keepAlive) {
        this.ctx = ctx;
        this.state = state;
        this.head = head;
        this.timestamps = timestamps;
        this.keepAlive = keepAlive;
        this.malformed = timestamps && state.takeMalformed();
    }

    static HttpResponse head(String contentType) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return r;
    }

    @Override
    public void send(AudioChunk chunk) {
        if (done || !ctx.channel().isActive()) {
            return;
        }
        sendHead();
        chunk.trigger().markFirstAudio(System.nanoTime());
        byte[] payload = timestamps ? timestampLine(chunk) : chunk.audio();
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(payload)));
    }

    private byte[] timestampLine(AudioChunk chunk) {
        boolean broken = malformed && chunk.streamOffsetMs() == 0;
        if (broken && state.knobs().malformed() == SimKnobs.Malformed.INVALID_JSON) {
            return "{\"audio_base64\": \"AAAA\", \"alignment\": {\"characters\": [\n".getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode line = state.mapper.createObjectNode();
        line.put("audio_base64", broken ? "!!not*base64!!" : Base64.getEncoder().encodeToString(chunk.audio()));
        ObjectNode alignment = AlignmentJson.seconds(state.mapper, chunk.alignment(), chunk.streamOffsetMs());
        line.set("alignment", alignment);
        line.set("normalized_alignment", alignment.deepCopy());
        return (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void sendHead() {
        if (!headSent) {
            headSent = true;
            ctx.write(head);
        }
    }

    /** All audio sent: terminating chunk; the connection stays for the next request if keep-alive. */
    void finish() {
        if (done || !ctx.channel().isActive()) {
            return;
        }
        sendHead();
        done = true;
        state.activeStreams.decrementAndGet();
        var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void drop() {
        abort();
    }

    @Override
    public void policyClose(String reason) {
        abort();
    }

    private void abort() {
        if (!done) {
            done = true;
            state.activeStreams.decrementAndGet();
        }
        ctx.channel().close();
    }

    @Override
    public void fail(Throwable error) {
        LOG.warn("el-sim synthesis failed: {}", error.toString());
        if (headSent) {
            abort();
            return;
        }
        done = true;
        state.activeStreams.decrementAndGet();
        if (error instanceof RejectedExecutionException) {
            HttpReplies.json(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, ErrorBodies.forStatus(state.mapper, 429,
                    "too_many_concurrent_requests", null), keepAlive);
        } else {
            HttpReplies.json(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, ErrorBodies.detail(state.mapper,
                    "internal_server_error", "synthesis failed: " + error.getMessage()), keepAlive);
        }
    }

    /** The client went away: no more writes, the stream no longer counts. */
    void clientGone() {
        if (!done) {
            done = true;
            state.activeStreams.decrementAndGet();
        }
    }
}
