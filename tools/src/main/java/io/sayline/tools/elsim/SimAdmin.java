package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;

/**
 * The simulator's own control API, for scripts and benchmarks driving the CLI:
 * <ul>
 *   <li>{@code GET /sim/knobs} current knobs; {@code POST /sim/knobs} merge a partial JSON object of
 *       {@link SimKnobs} fields (400 with a message when invalid); {@code POST /sim/reset} defaults + clear</li>
 *   <li>{@code GET /sim/requests} everything received, keys redacted; {@code DELETE /sim/requests} clears</li>
 *   <li>{@code GET /sim/stt} the speech-to-text knobs (what callers say, injected errors); {@code POST /sim/stt}
 *       merges a partial JSON object of {@link SttKnobs} fields; {@code GET /sim/stt/commits} the committed
 *       transcripts sent, with their send time</li>
 * </ul>
 */
final class SimAdmin {
    private final SimState state;

    SimAdmin(SimState state) {
        this.state = state;
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpMethod method = req.method();
        if ("/sim/knobs".equals(path) && HttpMethod.GET.equals(method)) {
            ok(ctx, state.mapper.valueToTree(state.knobs()), keepAlive);
        } else if ("/sim/knobs".equals(path) && HttpMethod.POST.equals(method)) {
            try {
                state.knobs(merge(state.mapper, state.knobs(), state.mapper.readTree(req.content().toString(StandardCharsets.UTF_8))));
                ok(ctx, state.mapper.valueToTree(state.knobs()), keepAlive);
            } catch (Exception e) {
                HttpReplies.json(ctx, HttpResponseStatus.BAD_REQUEST,
                        ErrorBodies.detail(state.mapper, "invalid_knobs", String.valueOf(e.getMessage())), keepAlive);
            }
        } else if ("/sim/stt".equals(path) && HttpMethod.GET.equals(method)) {
            ok(ctx, state.mapper.valueToTree(state.stt.knobs()), keepAlive);
        } else if ("/sim/stt".equals(path) && HttpMethod.POST.equals(method)) {
            try {
                ObjectNode current = state.mapper.valueToTree(state.stt.knobs());
                current.setAll((ObjectNode) objectOrThrow(state.mapper.readTree(req.content().toString(StandardCharsets.UTF_8))));
                state.stt.knobs(state.mapper.treeToValue(current, SttKnobs.class));
                ok(ctx, state.mapper.valueToTree(state.stt.knobs()), keepAlive);
            } catch (Exception e) {
                HttpReplies.json(ctx, HttpResponseStatus.BAD_REQUEST,
                        ErrorBodies.detail(state.mapper, "invalid_knobs", String.valueOf(e.getMessage())), keepAlive);
            }
        } else if ("/sim/stt/commits".equals(path) && HttpMethod.GET.equals(method)) {
            ok(ctx, state.mapper.valueToTree(state.stt.commits()), keepAlive);
        } else if ("/sim/reset".equals(path) && HttpMethod.POST.equals(method)) {
            state.stt.reset();
            state.knobs(SimKnobs.DEFAULTS);
            state.clearReceived();
            ok(ctx, state.mapper.valueToTree(state.knobs()), keepAlive);
        } else if ("/sim/requests".equals(path) && HttpMethod.GET.equals(method)) {
            ArrayNode list = state.mapper.createArrayNode();
            state.received().forEach(r -> list.add(r.toJson(state.mapper)));
            ok(ctx, list, keepAlive);
        } else if ("/sim/requests".equals(path) && HttpMethod.DELETE.equals(method)) {
            state.clearReceived();
            ok(ctx, state.mapper.createObjectNode(), keepAlive);
        } else {
            HttpReplies.json(ctx, HttpResponseStatus.NOT_FOUND,
                    ErrorBodies.detail(state.mapper, "not_found", "no such simulator endpoint"), keepAlive);
        }
    }

    /** Overlays the fields present in {@code patch} on {@code base}; unknown names and bad values throw. */
    static SimKnobs merge(ObjectMapper mapper, SimKnobs base, JsonNode patch) throws java.io.IOException {
        ObjectNode current = mapper.valueToTree(base);
        current.setAll((ObjectNode) objectOrThrow(patch));
        return mapper.treeToValue(current, SimKnobs.class);
    }

    private static JsonNode objectOrThrow(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new IllegalArgumentException("knobs must be a JSON object");
        }
        return patch;
    }

    private void ok(ChannelHandlerContext ctx, JsonNode body, boolean keepAlive) {
        HttpReplies.json(ctx, HttpResponseStatus.OK, body, keepAlive);
    }
}
