package io.sayline.core.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.ControlCodec;
import io.sayline.core.control.protocol.Decoded;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.ListenFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The bot end of one {@code /bots/NAME} WebSocket: decodes Sayline's events for a {@link BuiltinBot} and
 * writes its commands back. Everything runs on this connection's event loop.
 */
final class BotWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements BotContext {
    private static final Logger LOG = LoggerFactory.getLogger(BotWebSocketHandler.class);

    private final String name;
    private final BuiltinBot bot;
    private final Set<ScheduledFuture<?>> timers = new HashSet<>(); // guarded by connection loop
    private Channel channel; // guarded by connection loop
    private boolean closed; // guarded by connection loop

    BotWebSocketHandler(String name, BuiltinBot bot) {
        this.name = name;
        this.bot = bot;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            Decoded<Event> decoded = ControlCodec.decodeEvent(text.text());
            if (decoded.isOk()) {
                deliver(decoded.value());
            } else {
                LOG.warn("builtin bot {}: unusable event: {} {}", name, decoded.error().code(),
                        decoded.error().message());
            }
        } else if (frame instanceof BinaryWebSocketFrame audio) {
            deliverAudio(audio);
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            // RFC 6455 section 5.5.1: answer with a close frame, then the server ends the TCP connection.
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() == -1 ? 1000 : close.statusCode(), ""))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (!(frame instanceof PongWebSocketFrame)) {
            LOG.warn("builtin bot {}: ignored a {} frame", name, frame.getClass().getSimpleName());
        }
    }

    private void deliverAudio(BinaryWebSocketFrame audio) {
        try {
            bot.onAudio(ListenFrame.decode(audio.content()), this);
        } catch (RuntimeException e) {
            LOG.error("builtin bot {} failed on a caller audio frame", name, e);
        }
    }

    private void deliver(Event event) {
        try {
            bot.onEvent(event, this);
        } catch (RuntimeException e) {
            LOG.error("builtin bot {} failed on {}", name, event.type(), e);
        }
    }

    @Override
    public void send(Command command) {
        if (closed || !channel.isActive()) {
            LOG.debug("builtin bot {}: {} after close, dropped", name, command.type());
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(ControlCodec.encode(command)));
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        if (closed) {
            return () -> { };
        }
        ScheduledFuture<?>[] holder = new ScheduledFuture<?>[1];
        holder[0] = channel.eventLoop().schedule(() -> {
            timers.remove(holder[0]);
            if (!closed) {
                runTimer(task);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
        timers.add(holder[0]);
        return () -> {
            holder[0].cancel(false);
            timers.remove(holder[0]);
        };
    }

    private void runTimer(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("builtin bot {}: timer failed", name, e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        timers.forEach(timer -> timer.cancel(false));
        timers.clear();
        try {
            bot.onClosed();
        } catch (RuntimeException e) {
            LOG.error("builtin bot {} failed on close", name, e);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.warn("builtin bot {}: event frame too large, dropped", name);
            return;
        }
        LOG.warn("builtin bot {}: connection failed: {}", name, cause.toString());
        ctx.close();
    }
}
