package io.sayline.tools.elsim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.sayline.tools.elsim.ErrorBodies.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@code stream-input} / {@code multi-stream-input} handshake (key if one is offered, error knob,
 * query parameters) and turns the connection into a {@link WsSession}. A wrong key or bad query is answered
 * with the vendor's HTTP error body instead of the upgrade.
 */
final class WsUpgrade {
    /** Largest client text frame accepted (the vendor's messages are small; a long text is 40,000 chars). */
    static final int MAX_FRAME_BYTES = 256 * 1024;
    static final int DEFAULT_INACTIVITY_SECONDS = 20;
    static final int MAX_INACTIVITY_SECONDS = 180;
    private static final String BEARER = "Bearer ";

    private final SimState state;
    private final long connectionId;

    WsUpgrade(SimState state, long connectionId) {
        this.state = state;
        this.connectionId = connectionId;
    }

    void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, RecordedRequest rec, String voiceId, boolean multi) {
        Map<String, String> query = rec.query();
        String key = offeredKey(rec);
        if (key != null && !state.keyMatches(key)) {
            HttpReplies.json(ctx, HttpResponseStatus.UNAUTHORIZED,
                    ErrorBodies.forStatus(state.mapper, 401, "invalid_api_key", null), false);
            return;
        }
        SimKnobs k = state.knobs();
        if (state.takeError()) {
            HttpReplies.json(ctx, HttpResponseStatus.valueOf(k.errorStatus()),
                    ErrorBodies.forStatus(state.mapper, k.errorStatus(), k.errorCode(), k.errorMessage()), false);
            return;
        }
        List<Violation> v = new ArrayList<>();
        OutputFormat format = RequestValidator.outputFormat(query, v);
        RequestValidator.intParam(query, "inactivity_timeout", 1, MAX_INACTIVITY_SECONDS, v);
        for (String b : List.of("auto_mode", "sync_alignment", "enable_logging", "enable_ssml_parsing")) {
            RequestValidator.boolParam(query, b, v);
        }
        String model = query.getOrDefault("model_id", "eleven_multilingual_v2");
        if ("eleven_v3".equals(model)) {
            v.add(new Violation(List.of("query", "model_id"), "eleven_v3 is not available over WebSocket",
                    "value_error.unsupported"));
        }
        if (!v.isEmpty()) {
            HttpReplies.json(ctx, HttpResponseStatus.UNPROCESSABLE_ENTITY, ErrorBodies.validation(state.mapper, v), false);
            return;
        }
        String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "127.0.0.1") + req.uri();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, null, false, MAX_FRAME_BYTES).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        int inactivitySeconds = Integer.parseInt(query.getOrDefault("inactivity_timeout",
                Integer.toString(DEFAULT_INACTIVITY_SECONDS)));
        WsSession.Settings settings = new WsSession.Settings(connectionId, voiceId, multi, format, model,
                Boolean.parseBoolean(query.get("auto_mode")), inactivitySeconds,
                key != null || !state.requiresKey());
        WsSession session = new WsSession(state, settings, rec);
        ChannelPipeline p = ctx.pipeline();
        handshaker.handshake(ctx.channel(), req);
        p.addBefore(ctx.name(), "el-ws-aggregator", new WebSocketFrameAggregator(MAX_FRAME_BYTES));
        p.replace(ctx.name(), "el-ws-session", session);
    }

    /** The key from the handshake header, or the {@code authorization} query parameter (with or without Bearer). */
    private static String offeredKey(RecordedRequest rec) {
        String header = rec.header("xi-api-key");
        if (header != null) {
            return header;
        }
        String auth = rec.query().get("authorization");
        if (auth != null && auth.startsWith(BEARER)) {
            return auth.substring(BEARER.length());
        }
        return auth;
    }
}
