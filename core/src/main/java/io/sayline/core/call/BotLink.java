package io.sayline.core.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.sayline.config.ControlConfig;
import io.sayline.core.control.CloseCause;
import io.sayline.core.control.ControlChannel;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.AudioChannel;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's link to its bot: the control channel, with one reconnection when an open channel drops
 * ({@code session.start} then carries {@code "resumed": true}). A bot that cannot be reached, or drops
 * twice, is gone: the owner apologizes to the caller and ends the call.
 *
 * <p>Threading: on the call loop, like the channel's listener callbacks.
 */
final class BotLink implements ControlChannel.Listener, AudioChannel {
    private static final Logger log = LoggerFactory.getLogger(BotLink.class);
    /** A short pause before reconnecting, well inside the 2 s the protocol promises. */
    private static final long RECONNECT_DELAY_MS = 200;

    /** What the link needs from its call. */
    interface Owner {
        String id();

        EventLoop loop();

        void onCommand(Command command);

        void onBotGone(String why);

        Event.SessionStart sessionStart(boolean resumed);

        /** The channel takes writes again after the bot fell behind reading. */
        void onBotWritable();

        /** The channel dropped and a new one will be opened: what the old connection asked for ends. */
        void onBotReconnecting();
    }

    private final Owner owner;
    private final URI uri;
    private final String token;
    private final ControlConfig config;

    // guarded by call loop
    private ControlChannel channel;
    private boolean opened;
    private boolean reconnected;
    private boolean ended;

    BotLink(Owner owner, URI uri, String token, ControlConfig config) {
        this.owner = owner;
        this.uri = uri;
        this.token = token;
        this.config = config;
    }

    void connect(Event.SessionStart start) {
        channel = ControlChannel.connect(owner.loop(), uri, token, config, this);
        // Queued now, so it is the first event the bot sees: anything the call sends while the
        // handshake is under way (a key press, an error) queues behind it.
        channel.send(start);
    }

    @Override
    public void onOpen() {
        opened = true;
    }

    @Override
    public void onCommand(Command command) {
        owner.onCommand(command);
    }

    @Override
    public void onClosed(CloseCause cause) {
        if (ended || cause == CloseCause.CLOSED_LOCALLY) {
            return;
        }
        if (opened && !reconnected && cause == CloseCause.DROPPED) {
            reconnected = true;
            opened = false;
            owner.onBotReconnecting();
            log.info("call {}: bot channel dropped, reconnecting once", owner.id());
            owner.loop().schedule(() -> {
                if (!ended) {
                    connect(owner.sessionStart(true));
                }
            }, RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        owner.onBotGone(cause.name().toLowerCase());
    }

    @Override
    public void onWritable() {
        owner.onBotWritable();
    }

    @Override
    public void send(Event event) {
        if (!ended && channel != null) {
            channel.send(event);
        }
    }

    @Override
    public boolean writable() {
        return !ended && channel != null && channel.writable();
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel == null ? null : channel.alloc();
    }

    @Override
    public boolean sendBinary(ByteBuf frame) {
        if (ended || channel == null) {
            frame.release();
            return false;
        }
        return channel.sendBinary(frame);
    }

    /** The channel's counters, or null before it exists. */
    ControlChannel.Stats stats() {
        return channel == null ? null : channel.stats();
    }

    /** Sends {@code session.end} and closes the channel (after the event is written). */
    void end(Event.SessionEnd sessionEnd) {
        if (ended) {
            return;
        }
        ended = true;
        if (channel != null) {
            channel.send(sessionEnd);
            channel.close();
        }
    }
}
