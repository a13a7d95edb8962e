package io.sayline.core.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * One request and its streamed answer ({@link StreamingHttpClient}). Everything but {@link #cancel()} and the
 * constructor runs on its loop, so its state needs no lock.
 *
 * <p>A kept-alive connection may have been closed by the server just as it is reused; like OkHttp, the request
 * is then sent once more on a new connection if nothing of the answer had arrived.
 */
public final class HttpExchange {
    private final StreamingHttpClient client;
    private final EventLoop loop;
    private final StreamingRequest request;
    private final HttpAnswer answer;
    /** The read timeout: one check per window, not a timer per read. */
    private final StallWatch silence;
    private Channel channel;
    private boolean reused;
    private boolean headSeen;
    private boolean keepAlive;
    private boolean over;

    HttpExchange(StreamingHttpClient client, EventLoop loop, StreamingRequest request, HttpAnswer answer) {
        this.client = client;
        this.loop = loop;
        this.request = request;
        this.answer = answer;
        this.silence = new StallWatch(loop, request.readTimeoutMs(), System::nanoTime, this::readTimedOut);
    }

    /** Stops the exchange and closes its connection (a half-read answer cannot be reused); no callback follows. */
    public void cancel() {
        onLoop(() -> {
            if (!over) {
                over = true;
                silence.disarm();
                closeChannel();
            }
        });
    }

    void start() {
        onLoop(() -> {
            Channel idle = client.idleOn(loop).take(request.origin());
            if (idle != null) {
                begin(idle, true);
            } else {
                connect();
            }
        });
    }

    /** A decoded piece of the answer, from {@link ExchangeConnection}. */
    void read(Object msg) {
        if (over) {
            return;
        }
        silence.touch();
        if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
            failed(object.decoderResult().cause());
            return;
        }
        if (msg instanceof HttpResponse head) {
            headSeen = true;
            keepAlive = HttpUtil.isKeepAlive(head);
            answer.onHead(head.status().code(), head.headers());
        }
        if (msg instanceof HttpContent content && !over) {
            if (content.content().isReadable() && !answer.onContent(content.content())) {
                cancel();
                return;
            }
            if (msg instanceof LastHttpContent && !over) {
                complete();
            }
        }
    }

    /** The connection closed while this exchange used it. */
    void connectionLost() {
        if (over) {
            return;
        }
        if (reused && !headSeen) {
            channel = null;
            connect(); // the server had closed the kept-alive connection; a new one, once
            return;
        }
        fail(new IOException("connection closed before the end of the answer"));
    }

    void failed(Throwable cause) {
        if (!over) {
            closeChannel();
            fail(cause instanceof IOException io ? io : new IOException(cause.toString(), cause));
        }
    }

    private void connect() {
        reused = false;
        ChannelFuture connecting = client.connect(loop, request);
        channel = connecting.channel();
        connecting.addListener(done -> {
            if (over) {
                connecting.channel().close();
            } else if (done.isSuccess()) {
                Channel opened = connecting.channel();
                String origin = request.origin();
                opened.closeFuture().addListener(closed -> client.idleOn(loop).remove(origin, opened));
                begin(opened, false);
            } else {
                failed(done.cause());
            }
        });
    }

    private void begin(Channel connection, boolean idle) {
        if (over) {
            client.idleOn(loop).put(request.origin(), connection, client.isClosed());
            return;
        }
        channel = connection;
        reused = idle;
        connection.pipeline().get(ExchangeConnection.class).serve(this);
        silence.arm();
        silence.touch(); // a request sent again on a new connection gets a whole window
        connection.writeAndFlush(httpRequest()).addListener(written -> {
            if (!written.isSuccess()) {
                connection.close(); // channelInactive reports it, or resends on a new connection
            }
        });
    }

    private FullHttpRequest httpRequest() {
        FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()),
                request.pathAndQuery(), Unpooled.wrappedBuffer(request.body()));
        HttpHeaders headers = http.headers();
        headers.set(HttpHeaderNames.HOST, request.hostHeader());
        headers.set(HttpHeaderNames.USER_AGENT, "sayline");
        request.headers().forEach(headers::set);
        HttpUtil.setContentLength(http, request.body().length);
        return http;
    }

    private void readTimedOut() {
        if (!over) {
            closeChannel();
            fail(new SocketTimeoutException("nothing read for " + request.readTimeoutMs() + " ms"));
        }
    }

    private void complete() {
        over = true;
        silence.disarm();
        Channel done = channel;
        channel = null;
        done.pipeline().get(ExchangeConnection.class).release();
        if (keepAlive) {
            client.idleOn(loop).put(request.origin(), done, client.isClosed());
        } else {
            done.close();
        }
        answer.onEnd();
    }

    private void fail(IOException cause) {
        over = true;
        silence.disarm();
        answer.onFailure(cause, headSeen);
    }

    private void closeChannel() {
        Channel open = channel;
        channel = null;
        if (open != null) {
            ExchangeConnection connection = open.pipeline().get(ExchangeConnection.class);
            if (connection != null) {
                connection.release();
            }
            open.close();
        }
    }

    private void onLoop(Runnable task) {
        NettyClients.runOn(loop, task);
    }
}
