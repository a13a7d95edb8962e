package io.sayline.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.ControlChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Routes one HTTP connection's requests: {@code GET /health/ready} (also {@code /health}), {@code /health/live},
 * {@code /calls}, {@code /metrics}, and the
 * WebSocket upgrade on {@code /bots/NAME}. A new instance per connection; runs on its event loop.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String IDLE_HANDLER = "idle";
    static final String BOTS_PREFIX = "/bots/";
    private static final String JSON = "application/json";
    /** Prometheus text exposition format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);
    /** java.time values (a call's {@code startedAt}) as ISO-8601 text, e.g. {@code "2026-12-05T10:15:30.123Z"}. */
    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    /** {@code /health} is {@code /health/ready} under its older name, kept for existing probes. */
    private static final Set<String> GET_PATHS =
            Set.of("/health", "/health/ready", "/health/live", "/calls", "/metrics");

    private final HttpServer.Routes routes;

    HttpRouter(HttpServer.Routes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            respond(ctx, request, text(HttpResponseStatus.BAD_REQUEST, "bad request\n"), true);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.startsWith(BOTS_PREFIX)) {
            upgradeToBot(ctx, request, path.substring(BOTS_PREFIX.length()));
            return;
        }
        if (!GET_PATHS.contains(path)) {
            respond(ctx, request, text(HttpResponseStatus.NOT_FOUND, "not found\n"), false);
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
            respond(ctx, request, response, false);
            return;
        }
        if (path.equals("/calls") && !bearsCallsToken(request)) {
            // RFC 6750 §3: say which scheme would do, not why this one failed.
            FullHttpResponse refused = text(HttpResponseStatus.UNAUTHORIZED, "bearer token required\n");
            refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"sayline\"");
            respond(ctx, request, refused, false);
            return;
        }
        respond(ctx, request, answer(path), false);
    }

    /** True when no token is configured, or the request bears it (compared in constant time). */
    private boolean bearsCallsToken(FullHttpRequest request) {
        if (routes.callsToken() == null) {
            return true;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        byte[] expected = ("Bearer " + routes.callsToken()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    private FullHttpResponse answer(String path) {
        try {
            switch (path) {
                case "/health", "/health/ready":
                    return health(routes.health().get());
                case "/health/live":
                    // The process answers, so it is alive: draining and starting are states, not faults.
                    return json(HttpResponseStatus.OK, "{\"status\":\"live\"}");
                case "/calls":
                    return body(HttpResponseStatus.OK, JSON, MAPPER.writeValueAsBytes(routes.calls().get()));
                default:
                    return body(HttpResponseStatus.OK, PROMETHEUS_TEXT,
                            routes.metrics().get().getBytes(StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            // A supplier belongs to another part of the server; its failure is a 500, not a dead connection.
            LOG.error("http: GET {} failed", path, e);
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
        }
    }

    private static FullHttpResponse health(HttpServer.Health state) {
        switch (state) {
            case OK:
                return json(HttpResponseStatus.OK, "{\"status\":\"ok\"}");
            case DRAINING:
                return json(HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"status\":\"draining\"}");
            default:
                return json(HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"status\":\"starting\"}");
        }
    }

    private void upgradeToBot(ChannelHandlerContext ctx, FullHttpRequest request, String name) {
        Supplier<BuiltinBot> factory = routes.bots().get(name);
        if (factory == null) {
            respond(ctx, request, text(HttpResponseStatus.NOT_FOUND, "no built-in bot '" + name + "'\n"), false);
            return;
        }
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            respond(ctx, request, text(HttpResponseStatus.UPGRADE_REQUIRED, "WebSocket only\n"), false);
            return;
        }
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + BOTS_PREFIX + name;
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location,
                ControlChannel.SUBPROTOCOL, false, routes.maxFrameBytes()).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        BuiltinBot bot;
        try {
            bot = factory.get();
        } catch (RuntimeException e) {
            LOG.error("http: built-in bot {} could not be created", name, e);
            respond(ctx, request, text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n"), true);
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        // Control connections are quiet for as long as a caller is; only plain HTTP has an idle limit.
        pipeline.remove(IDLE_HANDLER);
        pipeline.addLast(new WebSocketFrameAggregator(routes.maxFrameBytes()), new BotWebSocketHandler(name, bot));
        pipeline.remove(this);
        handshaker.handshake(ctx.channel(), request).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                LOG.info("http: built-in bot {} connected from {}", name, f.channel().remoteAddress());
            } else {
                LOG.warn("http: built-in bot {} handshake failed: {}", name, f.cause().toString());
                f.channel().close();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("http: connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response,
                                boolean forceClose) {
        boolean keepAlive = !forceClose && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse json(HttpResponseStatus status, String json) {
        return body(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse text(HttpResponseStatus status, String text) {
        return body(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse body(HttpResponseStatus status, String contentType, byte[] bytes) {
        ByteBuf content = Unpooled.wrappedBuffer(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return response;
    }
}
