package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code stream-input} / {@code multi-stream-input} WebSocket after the handshake (docs/elevenlabs.md): init
 * message, text, flush, end, keepalive, voice_settings lock, inactivity close, contexts. Every record and every
 * state change happens on the socket's event loop ("guarded by socket loop").
 */
final class WsSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);
    static final int NORMAL = 1000;
    static final int POLICY = 1008;
    static final int MAX_CONTEXTS = 5;
    /** RFC 6455 section 5.5: control frame payloads are at most 125 bytes, 2 of them the code. */
    private static final int MAX_REASON_BYTES = 123;
    private static final long CLOSE_GRACE_MS = 1000;
    private static final String SINGLE = "";
    private static final String DEFAULT_CONTEXT = "default";

    /** What the handshake decided. */
    record Settings(long connectionId, String voiceId, boolean multi, OutputFormat format, String modelId,
            boolean autoMode, int inactivitySeconds, boolean authenticated) {
    }

    private final SimState state;
    private final Settings settings;
    private final RecordedRequest openRecord;
    private final WsServerMessages messages;
    // guarded by socket loop
    private ChannelHandlerContext ctx;
    private final Map<String, WsContext> contexts = new LinkedHashMap<>();
    /** Closed contexts still sending their flushed audio. */
    private final Set<ChunkPacer> closingContexts = new HashSet<>();
    private boolean authenticated;
    private boolean anyMessage;
    private boolean ended;
    private boolean closing;
    private Boolean malformedPending;
    private ScheduledFuture<?> inactivity;

    WsSession(SimState state, Settings settings, RecordedRequest openRecord) {
        this.state = state;
        this.settings = settings;
        this.openRecord = openRecord;
        this.messages = new WsServerMessages(state.mapper);
        this.authenticated = settings.authenticated();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        armInactivity();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
            if (!closing) {
                closing = true;
                stopAll();
                ctx.writeAndFlush(new CloseWebSocketFrame(NORMAL, "")).addListener(f -> ctx.close());
            } else {
                ctx.close();
            }
        } else if (frame instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (frame instanceof TextWebSocketFrame text) {
            onText(text.text());
        } else if (!(frame instanceof PongWebSocketFrame)) {
            close(POLICY, "Invalid message: binary frames are not supported");
        }
    }

    private void onText(String text) {
        JsonNode json = parse(text);
        RecordedRequest rec = state.record(RecordedRequest.Kind.WS_MESSAGE, settings.connectionId(), "WS",
                openRecord.path(), openRecord.query(), Map.of(), text, json);
        if (closing || ended) {
            return;
        }
        armInactivity();
        if (json == null || !json.isObject()) {
            close(POLICY, "Invalid message: expected a JSON object");
            return;
        }
        if (!authenticated) {
            String key = json.has("xi_api_key") ? json.get("xi_api_key").asText() : json.path("xi-api-key").asText(null);
            if (!state.keyMatches(key)) {
                ctx.writeAndFlush(new TextWebSocketFrame(messages.invalidKey(POLICY)));
                close(POLICY, "invalid_api_key: Invalid API key");
                return;
            }
            authenticated = true;
        }
        boolean first = !anyMessage;
        anyMessage = true;
        if (settings.multi()) {
            onMultiMessage(json, rec);
        } else {
            onContextMessage(SINGLE, json, rec, first);
        }
    }

    /**
     * Multi-context rules from the vendor's AsyncAPI schema: {@code {"text": "", "context_id": c}} only keeps
     * the context alive; close_context drops unflushed text but lets flushed audio finish, then isFinal;
     * a message with settings re-initializes an existing context (no 1008 here).
     */
    private void onMultiMessage(JsonNode json, RecordedRequest rec) {
        if (json.path("close_socket").asBoolean(false)) {
            endSocket();
            return;
        }
        JsonNode idNode = json.get("context_id");
        String text = json.path("text").isTextual() ? json.get("text").asText() : null;
        boolean flush = json.path("flush").asBoolean(false);
        boolean closeContext = json.path("close_context").asBoolean(false);
        if ((idNode == null || !idNode.isTextual()) && !closeContext && !flush && (text == null || text.isBlank())) {
            return; // a keepalive without context_id: resets the timer, opens nothing
        }
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : DEFAULT_CONTEXT;
        WsContext existing = contexts.get(id);
        if (closeContext) {
            if (existing != null) {
                contexts.remove(id);
                finishContext(existing, null);
            }
            return;
        }
        if (existing != null && "".equals(text) && !flush) {
            return; // KeepContextAlive
        }
        if (existing != null && json.has("voice_settings")) {
            existing.voiceSettings = json.get("voice_settings");
        }
        onContextMessage(id, json, rec, existing == null);
    }

    private void onContextMessage(String id, JsonNode json, RecordedRequest rec, boolean first) {
        JsonNode textNode = json.get("text");
        if (textNode != null && !textNode.isNull() && !textNode.isTextual()) {
            close(POLICY, "Invalid message: text must be a string");
            return;
        }
        String text = textNode == null || textNode.isNull() ? null : textNode.asText();
        WsContext c = contexts.get(id);
        if (first) {
            // The vendor's protocol opens with {"text": " "} plus settings (docs/elevenlabs.md,
            // "WebSocket input streaming"); multi-context clients may open a context with real text.
            if (!settings.multi() && !" ".equals(text)) {
                close(POLICY, "Invalid message: the first message must have text \" \"");
                return;
            }
            if (contexts.size() >= MAX_CONTEXTS) {
                close(POLICY, "Maximum number of open contexts (" + MAX_CONTEXTS + ") exceeded");
                return;
            }
            c = openContext(id, json);
            if (c == null) {
                return;
            }
        } else if (!settings.multi() && json.has("voice_settings")
                && !json.get("voice_settings").equals(c.voiceSettings)) {
            // ElevenLabs refuses voice_settings changes after a context's first message.
            close(POLICY, "voice_settings cannot be changed after the first message");
            return;
        }
        if (text == null) {
            if (json.path("flush").asBoolean(false)) {
                generate(c, rec);
            }
            return;
        }
        if (text.isEmpty() && !first && !settings.multi()) {
            endContext(c, rec);
            return;
        }
        if (c.buffered() + text.length() > RequestValidator.charLimit(settings.modelId())) {
            close(POLICY, "max_character_limit_exceeded: buffered text exceeds the model's limit");
            return;
        }
        c.append(text);
        if (json.path("flush").asBoolean(false)) {
            generate(c, rec);
            return;
        }
        while (c.due(json.path("try_trigger_generation").asBoolean(false))) {
            generate(c, rec);
        }
    }

    private WsContext openContext(String id, JsonNode json) {
        WsContext c;
        try {
            c = WsContext.fromInit(id, json, settings.autoMode());
        } catch (IllegalArgumentException e) {
            close(POLICY, e.getMessage());
            return null;
        }
        c.pacer = new ChunkPacer(ctx.channel().eventLoop(), state::knobs, new ContextSink(c),
                settings.format().codec() == OutputFormat.Codec.PCM ? 2 : 1);
        contexts.put(id, c);
        return c;
    }

    private void generate(WsContext c, RecordedRequest rec) {
        String text = c.take();
        if (text != null) {
            c.pacer.enqueue(state.render(text, settings.format()), rec);
        }
    }

    /** Single context {@code {"text": ""}}: generate the rest, then isFinal, then close with 1000. */
    private void endContext(WsContext c, RecordedRequest rec) {
        generate(c, rec);
        ended = true;
        c.pacer.then(() -> {
            sendFinal(c);
            close(NORMAL, "");
        });
    }

    /**
     * Ends a context: unflushed text is dropped, queued audio still goes out, then isFinal. With a
     * {@code thenWhat} the caller learns when the context's isFinal was sent.
     */
    private void finishContext(WsContext c, Runnable thenWhat) {
        c.discardBuffered();
        closingContexts.add(c.pacer);
        c.pacer.then(() -> {
            closingContexts.remove(c.pacer);
            sendFinal(c);
            if (thenWhat != null) {
                thenWhat.run();
            }
        });
    }

    /** {@code {"close_socket": true}}: every context finishes what was flushed, then close with 1000. */
    private void endSocket() {
        ended = true;
        List<WsContext> open = new ArrayList<>(contexts.values());
        contexts.clear();
        if (open.isEmpty()) {
            close(NORMAL, "");
            return;
        }
        int[] remaining = {open.size()};
        for (WsContext c : open) {
            finishContext(c, () -> {
                if (--remaining[0] == 0) {
                    close(NORMAL, "");
                }
            });
        }
    }

    private void sendFinal(WsContext c) {
        send(messages.isFinal(settings.multi() ? c.id : null, state.knobs()));
    }

    private void sendAudio(WsContext c, AudioChunk chunk) {
        if (closing) {
            return;
        }
        chunk.trigger().markFirstAudio(System.nanoTime());
        openRecord.markFirstAudio(System.nanoTime());
        SimKnobs k = state.knobs();
        // The malformed knob is decided once per socket, at its first audio message.
        if (malformedPending == null) {
            malformedPending = state.takeMalformed();
        }
        boolean badBase64 = false;
        if (malformedPending) {
            malformedPending = false;
            if (k.malformed() == SimKnobs.Malformed.INVALID_JSON) {
                send(WsServerMessages.INVALID_JSON);
                return;
            }
            badBase64 = true;
        }
        send(messages.audio(chunk, settings.multi() ? c.id : null, k, badBase64));
    }

    private void send(String text) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    /** Sends a close frame; the TCP connection ends when the client answers or after a grace period. */
    void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        stopAll();
        LOG.info("el-sim ws {} closing {} {}", settings.connectionId(), code, reason);
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)));
            ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void stopAll() {
        contexts.values().forEach(c -> c.pacer.cancel());
        closingContexts.forEach(ChunkPacer::cancel);
        closingContexts.clear();
        if (inactivity != null) {
            inactivity.cancel(false);
        }
    }

    private void armInactivity() {
        if (inactivity != null) {
            inactivity.cancel(false);
        }
        long overrideMs = state.knobs().inactivityTimeoutMs();
        long ms = overrideMs > 0 ? overrideMs : settings.inactivitySeconds() * 1000L;
        String shown = overrideMs > 0 && overrideMs % 1000 != 0 ? Double.toString(overrideMs / 1000.0)
                : Long.toString(ms / 1000);
        // The vendor's own text; its close reason is cut at 123 bytes like any (elevenlabs-docs issue 426).
        inactivity = ctx.executor().schedule(() -> close(POLICY, "Have not received a new text input within the "
                + "timeout of " + shown + " seconds. Streaming input terminated. Please make sure to either feed "
                + "the input in the timely manner, or to send the end of input text (empty string \"\") when done."),
                ms, TimeUnit.MILLISECONDS);
    }

    private static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String s = reason;
        while (s.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private JsonNode parse(String text) {
        try {
            return state.mapper.readTree(text);
        } catch (Exception e) {
            LOG.debug("el-sim ws {} unparseable message: {}", settings.connectionId(), e.getMessage());
            return null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        stopAll();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("el-sim ws {} error: {}", settings.connectionId(), cause.toString());
        ctx.close();
    }

    /** Routes one context's pacer output to this socket. */
    private final class ContextSink implements ChunkPacer.Sink {
        private final WsContext context;

        ContextSink(WsContext context) {
            this.context = context;
        }

        @Override
        public void send(AudioChunk chunk) {
            sendAudio(context, chunk);
        }

        @Override
        public void drop() {
            closing = true;
            stopAll();
            ctx.close();
        }

        @Override
        public void policyClose(String reason) {
            if (state.knobs().wsErrorMessageBeforeClose()) {
                WsSession.this.send(messages.error(reason, "policy_violation", POLICY));
            }
            close(POLICY, reason);
        }

        @Override
        public void fail(Throwable error) {
            LOG.warn("el-sim ws {} synthesis failed: {}", settings.connectionId(), error.toString());
            close(POLICY, "something went wrong");
        }
    }
}
