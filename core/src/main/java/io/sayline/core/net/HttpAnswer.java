package io.sayline.core.net;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;

/**
 * What an {@link HttpExchange} tells its owner, always on the exchange's event loop and in this order: one
 * {@link #onHead}, any number of {@link #onContent}, then {@link #onEnd}; or {@link #onFailure} at any point. Nothing
 * arrives after {@link HttpExchange#cancel()} has run on the loop.
 */
public interface HttpAnswer {
    /** The status line and headers. */
    void onHead(int status, HttpHeaders headers);

    /**
     * A piece of the body, as it came off the socket; released when this returns, so copy what is kept.
     *
     * @return false to stop: the exchange is cancelled and nothing more arrives
     */
    boolean onContent(ByteBuf content);

    /** The body is complete. */
    void onEnd();

    /**
     * The exchange failed: no connection, a connection closed before the answer ended, nothing read for the read
     * timeout ({@link java.net.SocketTimeoutException}), or a malformed answer.
     *
     * @param headSeen whether {@link #onHead} had been called
     */
    void onFailure(IOException cause, boolean headSeen);
}
