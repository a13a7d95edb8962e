package io.sayline.core.tts.elevenlabs.warmup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.sayline.core.tts.elevenlabs.warmup.SpokenChunks.Chunk;
import java.util.HashMap;
import java.util.Map;

/**
 * The loopback vendor's WebSocket side, {@code stream-input} or {@code multi-stream-input} (docs/elevenlabs.md):
 * text is gathered per context and spoken at once on a flush; {@code {"text": ""}} ends a single-context socket
 * (audio, {@code isFinal}, close 1000), {@code close_context} ends a context with {@code isFinal} (its unflushed
 * text dropped), {@code close_socket} ends them all. On its connection's event loop only.
 */
final class LoopbackSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final SpokenChunks speech;
    private final ObjectMapper json;
    private final boolean multiContext;
    private final WebSocketServerHandshaker handshaker;
    /** Unflushed text per context; a single-context socket's under null. */
    private final Map<String, StringBuilder> pending = new HashMap<>();

    LoopbackSocket(SpokenChunks speech, ObjectMapper json, boolean multiContext, WebSocketServerHandshaker handshaker) {
        this.speech = speech;
        this.json = json;
        this.multiContext = multiContext;
        this.handshaker = handshaker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws JsonProcessingException {
        if (frame instanceof TextWebSocketFrame text) {
            onMessage(ctx, json.readTree(text.text()));
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            handshaker.close(ctx.channel(), new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        }
    }

    private void onMessage(ChannelHandlerContext ctx, JsonNode message) {
        if (message.path("close_socket").asBoolean(false)) {
            for (String context : pending.keySet()) {
                ctx.write(new TextWebSocketFrame(SpokenChunks.finalMessage(json, context)));
            }
            pending.clear();
            closeNormally(ctx);
            return;
        }
        String context = multiContext ? message.path("context_id").asText(null) : null;
        if (message.path("close_context").asBoolean(false)) {
            pending.remove(context);
            ctx.writeAndFlush(new TextWebSocketFrame(SpokenChunks.finalMessage(json, context)));
            return;
        }
        String text = message.path("text").asText("");
        boolean endOfInput = !multiContext && message.has("text") && text.isEmpty();
        pending.computeIfAbsent(context, any -> new StringBuilder()).append(text);
        if (message.path("flush").asBoolean(false) || endOfInput) {
            speak(ctx, context);
        }
        if (endOfInput) {
            ctx.write(new TextWebSocketFrame(SpokenChunks.finalMessage(json, null)));
            closeNormally(ctx);
        }
        ctx.flush();
    }

    private void speak(ChannelHandlerContext ctx, String context) {
        StringBuilder text = pending.get(context);
        if (text.toString().isBlank()) {
            return;
        }
        for (Chunk chunk : speech.of(text.toString())) {
            ctx.write(new TextWebSocketFrame(SpokenChunks.socketMessage(json, chunk, context)));
        }
        text.setLength(0);
    }

    private void closeNormally(ChannelHandlerContext ctx) {
        handshaker.close(ctx.channel(), new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the client's failure counts it; the warm-up reports the total
    }
}
