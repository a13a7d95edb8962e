package io.sayline.core.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP/1.1 requests whose answers stream back in pieces, each exchange on the event loop its caller names, with
 * connections kept alive and reused per loop and origin.
 *
 * <p>Why not OkHttp, which Sayline used before: OkHttp reads every streaming answer on a thread of its own and
 * times every read through one process-wide watchdog. At a thousand talking calls that was a thousand threads
 * competing for two cores, and an utterance's first audio waited hundreds of milliseconds for its reader to be
 * scheduled (docs/performance.md). Here the call's {@code tts-io} loop reads its vendor answers with the rest of its
 * work, and a read timeout is one scheduled check per exchange, not per read.
 *
 * <p>Thread safety: {@link #send} may be called from any thread. Idle connections of a loop are touched only on
 * that loop.
 */
public final class StreamingHttpClient implements AutoCloseable {
    /** An unused connection is closed after this long (OkHttp's default keep-alive): calls speak again within it. */
    static final int IDLE_SECONDS = 300;

    private final Map<EventLoop, IdleConnections> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Starts {@code request} on {@code loop}: on an idle connection to its origin if the loop has one, else on a
     * new one. {@code answer} hears of it on {@code loop}.
     */
    public HttpExchange send(EventLoop loop, StreamingRequest request, HttpAnswer answer) {
        HttpExchange exchange = new HttpExchange(this, loop, request, answer);
        exchange.start();
        return exchange;
    }

    /** Closes every idle connection; exchanges in flight run to their end and their connections then close. */
    @Override
    public void close() {
        closed = true;
        idle.forEach((loop, connections) -> NettyClients.runOn(loop, connections::closeAll));
    }

    /** The loop's idle connections; call on {@code loop}. */
    IdleConnections idleOn(EventLoop loop) {
        return idle.computeIfAbsent(loop, l -> new IdleConnections());
    }

    boolean isClosed() {
        return closed;
    }

    ChannelFuture connect(EventLoop loop, StreamingRequest request) {
        String host = request.uri().getHost();
        int port = NettyClients.portOf(request.uri());
        return NettyClients.bootstrap(loop, request.connectTimeoutMs())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) throws Exception {
                        ChannelPipeline p = ch.pipeline();
                        if (NettyClients.isTls(request.uri())) {
                            p.addLast(NettyClients.tlsHandler(ch, host, port));
                        }
                        p.addLast(new HttpClientCodec());
                        p.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS));
                        p.addLast(new ExchangeConnection());
                    }
                })
                .connect(host, port);
    }
}
