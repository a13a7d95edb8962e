package io.sayline.core.control;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The last handler of a control channel's pipeline: turns what Netty delivers (handshake done, frames,
 * exceptions) into calls on its {@link ControlChannel}. Runs on the call's loop; nothing escapes it.
 */
final class ControlFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final ControlChannel channel;

    ControlFrameHandler(ControlChannel channel) {
        this.channel = channel;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel.onHandshakeComplete();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            channel.onTextFrame(text.content());
        } else if (frame instanceof BinaryWebSocketFrame) {
            channel.onBinaryFrame();
        } else if (frame instanceof CloseWebSocketFrame close) {
            channel.onCloseFrame(close.statusCode(), close.reasonText());
        }
        // Ping is answered and pong dropped by WebSocketClientProtocolHandler; continuations never
        // get here because WebSocketFrameAggregator joins them.
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        channel.onWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // From WebSocketFrameAggregator: a fragmented message grew past maxFrameBytes. The aggregator
            // discards the rest of that message itself, so the connection stays usable.
            channel.onFragmentedFrameTooLarge();
        } else {
            channel.onTransportError(cause);
        }
    }
}
