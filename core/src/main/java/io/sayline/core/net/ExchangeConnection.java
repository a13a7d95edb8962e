package io.sayline.core.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a {@link StreamingHttpClient} connection: passes what the codec decodes to the exchange the
 * connection serves, if any. Anything arriving while the connection is idle is a protocol error: the connection
 * closes.
 */
final class ExchangeConnection extends ChannelInboundHandlerAdapter {
    private HttpExchange exchange; // confined to the channel's loop

    void serve(HttpExchange next) {
        exchange = next;
    }

    /** The exchange is over; the connection is idle (or closing). */
    void release() {
        exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (exchange == null) {
                ctx.close();
            } else {
                exchange.read(msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        HttpExchange lost = exchange;
        exchange = null;
        if (lost != null) {
            lost.connectionLost();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        HttpExchange failed = exchange;
        exchange = null;
        ctx.close();
        if (failed != null) {
            failed.failed(cause);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && exchange == null) {
            ctx.close(); // kept alive long enough unused
        } else {
            super.userEventTriggered(ctx, event);
        }
    }
}
