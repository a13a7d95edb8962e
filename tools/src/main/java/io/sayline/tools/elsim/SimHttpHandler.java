package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one HTTP connection: the TTS endpoints ({@code /v1/text-to-speech/{voice}[/stream][/with-timestamps]}),
 * the WebSocket upgrades for {@code stream-input} / {@code multi-stream-input} and the realtime
 * speech-to-text endpoint ({@code /v1/speech-to-text/realtime}), and the {@code /sim/*} admin API.
 * Runs on the connection's event loop; synthesis runs on the simulator's pool.
 */
final class SimHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(SimHttpHandler.class);
    static final Pattern TTS_PATH = Pattern.compile("^/v1/text-to-speech/([^/]+)(/stream)?(/with-timestamps)?$");
    static final Pattern WS_PATH = Pattern.compile("^/v1/text-to-speech/([^/]+)/(stream-input|multi-stream-input)$");
    static final String STT_PATH = "/v1/speech-to-text/realtime";
    private static final String API_KEY_HEADER = "xi-api-key";

    private final SimState state;
    private final SimAdmin admin;
    private final long connectionId;
    // guarded by connection loop
    private HttpAudioResponse streaming;
    private ChunkPacer pacer;

    SimHttpHandler(SimState state, SimAdmin admin) {
        this.state = state;
        this.admin = admin;
        this.connectionId = state.newConnectionId();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            HttpReplies.json(ctx, HttpResponseStatus.BAD_REQUEST,
                    ErrorBodies.detail(state.mapper, "bad_request", "malformed HTTP request"), false);
            return;
        }
        QueryStringDecoder qd = new QueryStringDecoder(req.uri());
        String path = qd.path();
        if (path.startsWith("/sim/")) {
            admin.handle(ctx, req, path);
            return;
        }
        Map<String, String> query = firstValues(qd);
        Map<String, String> headers = headers(req.headers());
        String body = req.content().toString(StandardCharsets.UTF_8);
        JsonNode json = parseOrNull(body);
        if (STT_PATH.equals(path) && "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
            RecordedRequest rec = state.record(RecordedRequest.Kind.WS_OPEN, connectionId, req.method().name(), path,
                    query, headers, body, json);
            sttUpgrade(ctx, req, rec);
            return;
        }
        Matcher ws = WS_PATH.matcher(path);
        if (ws.matches() && "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
            RecordedRequest rec = state.record(RecordedRequest.Kind.WS_OPEN, connectionId, req.method().name(), path,
                    query, headers, body, json);
            new WsUpgrade(state, connectionId).upgrade(ctx, req, rec, ws.group(1), "multi-stream-input".equals(ws.group(2)));
            return;
        }
        RecordedRequest rec = state.record(RecordedRequest.Kind.HTTP, connectionId, req.method().name(), path,
                query, headers, body, json);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Matcher tts = TTS_PATH.matcher(path);
        if (!tts.matches()) {
            HttpReplies.json(ctx, HttpResponseStatus.NOT_FOUND, ErrorBodies.detail(state.mapper, "not_found",
                    "Not Found"), keepAlive);
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            HttpReplies.json(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, ErrorBodies.detail(state.mapper,
                    "method_not_allowed", "Method Not Allowed"), keepAlive);
            return;
        }
        tts(ctx, rec, query, body, tts.group(2) != null, tts.group(3) != null, keepAlive);
    }

    /**
     * The realtime speech-to-text upgrade: a bad query is refused with the vendor's 422 body; a wrong or
     * missing key (header {@code xi-api-key} or query {@code token}) is upgraded and then told
     * {@code auth_error}, as the vendor reports it on the socket.
     */
    private void sttUpgrade(ChannelHandlerContext ctx, FullHttpRequest req, RecordedRequest rec) {
        SttHandshake.Outcome outcome = SttHandshake.validate(rec.query());
        if (!outcome.ok()) {
            HttpReplies.json(ctx, HttpResponseStatus.UNPROCESSABLE_ENTITY,
                    ErrorBodies.validation(state.mapper, outcome.violations()), false);
            return;
        }
        String key = rec.header(API_KEY_HEADER) != null ? rec.header(API_KEY_HEADER) : rec.query().get("token");
        boolean authenticated = state.requiresKey() ? state.keyMatches(key) : true;
        String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "127.0.0.1") + req.uri();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, null, false, WsUpgrade.MAX_FRAME_BYTES).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        handshaker.handshake(ctx.channel(), req);
        ctx.pipeline().addBefore(ctx.name(), "el-ws-aggregator", new WebSocketFrameAggregator(WsUpgrade.MAX_FRAME_BYTES));
        ctx.pipeline().replace(ctx.name(), "el-stt-session",
                new SttSession(state, outcome.settings(), connectionId, authenticated));
    }

    private void tts(ChannelHandlerContext ctx, RecordedRequest rec, Map<String, String> query, String body,
            boolean stream, boolean timestamps, boolean keepAlive) {
        if (!state.keyMatches(rec.header(API_KEY_HEADER))) {
            HttpReplies.json(ctx, HttpResponseStatus.UNAUTHORIZED,
                    ErrorBodies.forStatus(state.mapper, 401, "invalid_api_key", null), keepAlive);
            return;
        }
        SimKnobs k = state.knobs();
        if (state.takeError()) {
            HttpReplies.json(ctx, HttpResponseStatus.valueOf(k.errorStatus()),
                    ErrorBodies.forStatus(state.mapper, k.errorStatus(), k.errorCode(), k.errorMessage()), keepAlive);
            return;
        }
        RequestValidator.Outcome v = RequestValidator.validateHttp(state.mapper, query, body);
        if (!v.ok()) {
            HttpReplies.json(ctx, HttpResponseStatus.valueOf(v.status()), v.errorBody(), keepAlive);
            return;
        }
        int active = state.activeStreams.incrementAndGet();
        if (k.maxConcurrentRequests() > 0 && active > k.maxConcurrentRequests()) {
            state.activeStreams.decrementAndGet();
            HttpReplies.json(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, ErrorBodies.forStatus(state.mapper, 429,
                    "too_many_concurrent_requests", null), keepAlive);
            return;
        }
        HttpHeaders extra = vendorHeaders(v.text().length(), k);
        extra.set("current-concurrent-requests", active);
        var audio = state.render(v.text(), v.format());
        String contentType = timestamps ? "application/json" : v.format().contentType();
        if (stream) {
            HttpResponse head = HttpAudioResponse.head(contentType);
            head.headers().add(extra);
            streaming = new HttpAudioResponse(ctx, state, head, timestamps, keepAlive);
            HttpAudioResponse response = streaming;
            pacer = new ChunkPacer(ctx.channel().eventLoop(), state::knobs, response,
                    v.format().codec() == OutputFormat.Codec.PCM ? 2 : 1);
            pacer.enqueue(audio, rec);
            pacer.then(response::finish);
            return;
        }
        long delay = k.firstChunkDelayMs();
        audio.whenComplete((a, e) -> ctx.channel().eventLoop().schedule(() -> {
            state.activeStreams.decrementAndGet();
            if (e != null) {
                LOG.warn("el-sim synthesis failed: {}", e.toString());
                HttpReplies.json(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, ErrorBodies.detail(state.mapper,
                        "internal_server_error", "synthesis failed"), keepAlive);
                return;
            }
            rec.markFirstAudio(System.nanoTime());
            byte[] bytes = timestamps ? wholeWithTimestamps(a) : a.bytes();
            HttpReplies.bytes(ctx, HttpResponseStatus.OK, contentType, bytes, keepAlive, extra);
        }, delay, TimeUnit.MILLISECONDS));
    }

    private byte[] wholeWithTimestamps(RenderedAudio a) {
        ObjectNode n = state.mapper.createObjectNode();
        n.put("audio_base64", Base64.getEncoder().encodeToString(a.bytes()));
        ObjectNode al = AlignmentJson.seconds(state.mapper, a.alignment(), 0);
        n.set("alignment", al);
        n.set("normalized_alignment", al.deepCopy());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpHeaders vendorHeaders(int characters, SimKnobs k) {
        String id = UUID.randomUUID().toString().replace("-", "");
        HttpHeaders h = new DefaultHttpHeaders();
        h.set("request-id", id).set("x-trace-id", id).set("character-cost", characters)
                .set("maximum-concurrent-requests",
                        k.maxConcurrentRequests() > 0 ? k.maxConcurrentRequests() : SimState.MAX_CONCURRENT_REQUESTS)
                .set("tts-latency-ms", k.firstChunkDelayMs());
        return h;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pacer != null) {
            pacer.cancel();
        }
        if (streaming != null) {
            streaming.clientGone();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("el-sim connection {} error: {}", connectionId, cause.toString());
        ctx.close();
    }

    static Map<String, String> firstValues(QueryStringDecoder qd) {
        Map<String, String> m = new LinkedHashMap<>();
        qd.parameters().forEach((k, v) -> m.put(k, v.isEmpty() ? "" : v.get(0)));
        return m;
    }

    static Map<String, String> headers(HttpHeaders h) {
        Map<String, String> m = new LinkedHashMap<>();
        h.forEach(e -> m.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return m;
    }

    private JsonNode parseOrNull(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return state.mapper.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
