package io.sayline.core.control;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import io.sayline.config.ControlConfig;
import io.sayline.config.RedactedUrl;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.ControlCodec;
import io.sayline.core.control.protocol.Decoded;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.net.NettyClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One call's WebSocket to its bot (docs/protocol.md, "Connection"): subprotocol {@code sayline.v1},
 * optional {@code Authorization: Bearer}, JSON text frames both ways.
 *
 * <p>Threading: the channel lives on the call's event loop, given to {@link #connect}; no thread of its own.
 * Every {@link Listener} method is called on that loop. {@link #send} and {@link #close} may be called from
 * any thread (they hop to the loop); all state is guarded by the call loop.
 *
 * <p>Bad frames from the bot (binary, larger than {@code maxFrameBytes}, not a valid command) are answered
 * with an {@code error} event and counted; the channel stays open. {@code say} without {@code utteranceId}
 * reaches the listener with a generated id.
 *
 * <pre>
 *   CONNECTING ──handshake done──▶ OPEN ──close()/bot close frame──▶ CLOSING ──socket closed──▶ CLOSED
 *        └────────────── failure / timeout / close() ──────────────────────────────────────────▶ CLOSED
 * </pre>
 */
public final class ControlChannel {
    public static final String SUBPROTOCOL = "sayline.v1";
    /** Events sent before the handshake completes wait here (session.start, early dtmf); beyond, dropped. */
    static final int MAX_PENDING_EVENTS = 256;
    /**
     * Events waiting in Sayline for a bot that does not read, at most: 1 MiB is thousands of events, minutes of a
     * busy call's worth. Past it the connection is closed ({@link CloseCause#NOT_READING}) instead of the call's
     * memory growing with the bot's neglect.
     */
    public static final int MAX_UNREAD_BYTES = 1 << 20;
    /** Netty's frame decoder refuses (and closes on) frames above this multiple of maxFrameBytes. Frames
     *  between maxFrameBytes and this get an error event; the hard cap bounds the memory one frame costs. */
    static final int HARD_FRAME_CAP_FACTOR = 16;
    private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);

    /** Receives what happens on the channel; every method runs on the call's loop. */
    public interface Listener {
        /** The handshake is done; events queued before it have been written. */
        void onOpen();

        /** A valid command from the bot. A {@code say} always has its {@code utteranceId}. */
        void onCommand(Command command);

        /** Called exactly once, last. */
        void onClosed(CloseCause cause);

        /** The socket takes writes again after {@link #writable()} was false (the bot caught up). */
        default void onWritable() {
        }
    }

    private enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final URI uri;
    private final ControlConfig config;
    private final Listener listener;
    private final UtteranceIds utteranceIds = new UtteranceIds();
    private final ArrayDeque<Event> pending = new ArrayDeque<>(); // guarded by call loop
    private final ChannelFutureListener onWriteDone = this::onWriteDone;

    private State state = State.CONNECTING; // guarded by call loop
    private Channel channel; // guarded by call loop
    private ScheduledFuture<?> connectDeadline; // guarded by call loop
    private boolean closedLocally; // guarded by call loop
    private boolean botSentClose; // guarded by call loop
    private int botCloseStatus = -1; // guarded by call loop
    private long commandsReceived; // guarded by call loop
    private long invalidFrames; // guarded by call loop
    private long eventsSent; // guarded by call loop
    private long eventsDropped; // guarded by call loop

    private ControlChannel(EventLoop loop, URI uri, ControlConfig config, Listener listener) {
        this.loop = loop;
        this.uri = uri;
        this.config = config;
        this.listener = listener;
    }

    /**
     * Starts connecting on {@code loop} and returns at once. The outcome arrives through {@code listener}:
     * {@code onOpen}, or {@code onClosed(CONNECT_FAILED)} within {@code config.connectTimeoutMs()}.
     *
     * @param uri         {@code ws://} or {@code wss://} URL of the bot
     * @param bearerToken sent as {@code Authorization: Bearer <token>}; null sends no such header
     */
    public static ControlChannel connect(EventLoop loop, URI uri, String bearerToken, ControlConfig config,
                                         Listener listener) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        if (config.maxFrameBytes() < 1 || config.connectTimeoutMs() < 1) {
            throw new IllegalArgumentException("maxFrameBytes and connectTimeoutMs must be > 0, were "
                    + config.maxFrameBytes() + " and " + config.connectTimeoutMs());
        }
        ControlChannel channel = new ControlChannel(loop, uri, config, listener);
        loop.execute(() -> channel.start(bearerToken));
        return channel;
    }

    /** The call's loop, on which this channel lives. */
    public EventLoop loop() {
        return loop;
    }

    public URI uri() {
        return uri;
    }

    /**
     * Sends {@code event} to the bot. Before the handshake completes it is queued (up to
     * {@value #MAX_PENDING_EVENTS}); after close it is dropped and counted. Any thread.
     */
    public void send(Event event) {
        Objects.requireNonNull(event, "event");
        if (!loop.inEventLoop()) {
            loop.execute(() -> send(event));
            return;
        }
        switch (state) {
            case CONNECTING:
                if (pending.size() < MAX_PENDING_EVENTS) {
                    pending.add(event);
                } else {
                    eventsDropped++;
                }
                break;
            case OPEN:
                write(event);
                break;
            default:
                eventsDropped++;
        }
    }

    /**
     * True when the channel is open and its write buffer is below the high-water mark ({@link ClientTransport}):
     * what may be dropped when the bot reads too slowly (caller audio) is only written then. On the loop.
     */
    public boolean writable() {
        return state == State.OPEN && channel.isWritable();
    }

    /** The allocator of the channel's buffers, for binary frames; null before the connection exists. On the loop. */
    public ByteBufAllocator alloc() {
        return channel == null ? null : channel.alloc();
    }

    /**
     * Writes {@code data} as one binary frame (caller audio, protocol v1.1) and takes ownership of it. Only
     * when {@link #writable()}: otherwise it is released and false returned. A failed write fails the channel
     * (the pipeline's error path), so no per-frame future is allocated. On the loop.
     */
    public boolean sendBinary(ByteBuf data) {
        if (!writable()) {
            data.release();
            return false;
        }
        channel.writeAndFlush(new BinaryWebSocketFrame(data), channel.voidPromise());
        return true;
    }

    /**
     * Closes with status 1000 after everything sent before it; {@code onClosed(CLOSED_LOCALLY)} follows
     * unless the channel had already ended. Idempotent; any thread.
     *
     * <p>A close that wins against the handshake ends the channel at once: the listener hears
     * {@code CLOSED_LOCALLY} (never {@code onOpen}), queued events are dropped and counted, and the socket is
     * closed without a WebSocket frame, since none may be sent before the handshake completes (RFC 6455
     * section 4.1). Should the bot's 101 still be read, {@link #onHandshakeComplete} only closes the socket.
     */
    public void close() {
        if (!loop.inEventLoop()) {
            loop.execute(this::close);
            return;
        }
        if (state == State.CLOSED || closedLocally) {
            return;
        }
        closedLocally = true;
        if (state == State.OPEN) {
            state = State.CLOSING;
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (state == State.CONNECTING) {
            finish(CloseCause.CLOSED_LOCALLY);
        }
    }

    /** A snapshot of this channel's counters; read on the call loop for exact figures. */
    public Stats stats() {
        return new Stats(commandsReceived, invalidFrames, eventsSent, eventsDropped);
    }

    /**
     * @param commandsReceived valid commands handed to the listener
     * @param invalidFrames    bot frames answered with an {@code error} event
     * @param eventsSent       events written to the socket
     * @param eventsDropped    events dropped: sent after close, queue full before open, or failed writes
     */
    public record Stats(long commandsReceived, long invalidFrames, long eventsSent, long eventsDropped) {
    }

    // ---- connecting -------------------------------------------------------------------------------

    private void start(String bearerToken) {
        if (closedLocally) {
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("wss") || scheme.equals("ws")) || uri.getHost() == null) {
            LOG.warn("control channel: bot URL {} is not ws:// or wss:// with a host", safe(uri));
            finish(CloseCause.CONNECT_FAILED);
            return;
        }
        Bootstrap bootstrap = ClientTransport.bootstrap(loop, uri, bearerToken, config, new ControlFrameHandler(this));
        connectDeadline = loop.schedule(this::onConnectDeadline, config.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        ChannelFuture connecting = bootstrap.connect(uri.getHost(), NettyClients.portOf(uri));
        channel = connecting.channel();
        channel.closeFuture().addListener(f -> onSocketClosed());
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                if (!closedLocally) {
                    LOG.warn("control channel: connect to {} failed: {}", safe(uri), f.cause().toString());
                }
                finish(CloseCause.CONNECT_FAILED);
            }
        });
    }

    private void onConnectDeadline() {
        if (state == State.CONNECTING) {
            LOG.warn("control channel: {} did not open within {} ms", safe(uri), config.connectTimeoutMs());
            finish(CloseCause.CONNECT_FAILED);
        }
    }

    void onHandshakeComplete() {
        if (state != State.CONNECTING) {
            channel.close(); // closed while the bot's 101 was on its way: nothing may follow it
            return;
        }
        state = State.OPEN;
        connectDeadline.cancel(false);
        LOG.info("control channel: open to {}", safe(uri));
        while (!pending.isEmpty()) {
            write(pending.poll());
        }
        notifyListener(listener::onOpen);
    }

    // ---- frames from the bot ----------------------------------------------------------------------

    void onTextFrame(ByteBuf content) {
        if (state != State.OPEN) {
            return;
        }
        int bytes = content.readableBytes();
        if (bytes > config.maxFrameBytes()) {
            reject(ControlCodec.frameTooLarge(bytes, config.maxFrameBytes()));
            return;
        }
        Decoded<Command> decoded = ControlCodec.decode(content.toString(StandardCharsets.UTF_8));
        if (!decoded.isOk()) {
            reject(decoded.error());
            return;
        }
        Command command = decoded.value();
        if (command instanceof Command.Say say) {
            command = utteranceIds.assign(say);
        }
        commandsReceived++;
        Command delivered = command;
        notifyListener(() -> listener.onCommand(delivered));
    }

    void onBinaryFrame() {
        if (state == State.OPEN) {
            reject(ControlCodec.binaryFrame());
        }
    }

    void onFragmentedFrameTooLarge() {
        if (state == State.OPEN) {
            reject(ControlCodec.frameTooLarge((long) config.maxFrameBytes() + 1, config.maxFrameBytes()));
        }
    }

    void onWritabilityChanged() {
        if (writable()) {
            notifyListener(listener::onWritable);
        }
    }

    void onCloseFrame(int status, String reason) {
        botSentClose = true;
        botCloseStatus = status;
        LOG.info("control channel: bot {} sent close {} {}", safe(uri), status, reason);
        if (state == State.OPEN) {
            state = State.CLOSING;
            // RFC 6455 section 5.5.1: answer a close frame with a close frame, then end the connection.
            CloseWebSocketFrame echo = status == -1 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(status, "");
            channel.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    void onTransportError(Throwable cause) {
        if (state == State.CONNECTING) {
            LOG.warn("control channel: handshake with {} failed: {}", safe(uri), cause.toString());
            finish(CloseCause.CONNECT_FAILED);
        } else if (state != State.CLOSED) {
            LOG.warn("control channel: {} failed: {}", safe(uri), cause.toString());
            channel.close();
        }
    }

    private void reject(Event.Error error) {
        invalidFrames++;
        LOG.info("control channel: bad frame from {}: {} {}", safe(uri), error.code(), error.message());
        write(error);
    }

    // ---- writing and ending -----------------------------------------------------------------------

    private void write(Event event) {
        String json = ControlCodec.encode(event);
        channel.writeAndFlush(new TextWebSocketFrame(json)).addListener(onWriteDone);
        if (!channel.isWritable() && channel.bytesBeforeWritable() > MAX_UNREAD_BYTES) {
            LOG.warn("control channel: {} stopped reading ({} bytes of events wait for it): closing", safe(uri),
                    channel.bytesBeforeWritable());
            finish(CloseCause.NOT_READING); // no close frame: it could only queue behind what the bot does not read
        }
    }

    private void onWriteDone(ChannelFuture future) {
        if (future.isSuccess()) {
            eventsSent++;
        } else {
            eventsDropped++;
            LOG.debug("control channel: write to {} failed: {}", safe(uri), future.cause().toString());
        }
    }

    private void onSocketClosed() {
        if (state == State.CONNECTING) {
            finish(CloseCause.CONNECT_FAILED);
        } else if (!botSentClose) {
            finish(CloseCause.DROPPED);
        } else {
            boolean normal = botCloseStatus == WebSocketCloseStatus.NORMAL_CLOSURE.code()
                    || botCloseStatus == WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code()
                    || botCloseStatus == -1;
            finish(normal ? CloseCause.CLOSED_BY_BOT : CloseCause.DROPPED);
        }
    }

    private void finish(CloseCause reported) {
        if (state == State.CLOSED) {
            return;
        }
        // Once close() was called, whatever the socket does next is the consequence of that close.
        CloseCause cause = closedLocally ? CloseCause.CLOSED_LOCALLY : reported;
        state = State.CLOSED;
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
        }
        eventsDropped += pending.size();
        pending.clear();
        if (channel != null) {
            channel.close();
        }
        LOG.info("control channel: {} closed: {}", safe(uri), cause);
        notifyListener(() -> listener.onClosed(cause));
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // The listener is the call orchestration; its bug must not unwind into Netty's pipeline.
            LOG.error("control channel: listener failed for {}", safe(uri), e);
        }
    }

    /** The URL without user-info or query, which may carry credentials. */
    /** The bot's URL without the credentials it may carry, for the log. */
    private static String safe(URI uri) {
        return RedactedUrl.of(uri.toString());
    }
}
