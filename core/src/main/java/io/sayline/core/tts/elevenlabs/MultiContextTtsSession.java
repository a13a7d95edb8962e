package io.sayline.core.tts.elevenlabs;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.sayline.core.net.ClientWebSocket;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A call's {@code multi-stream-input} socket (docs/elevenlabs.md, "Multi-context WebSocket"; the pattern
 * Pipecat and LiveKit use): opened when the session opens so the first {@code say} does not pay for the
 * handshake, one context per utterance, {@code close_context} on barge-in, a keepalive before the vendor's
 * inactivity timeout.
 *
 * <pre>
 *   (no socket) --openSession / start--> CONNECTING --101--> OPEN --close/failure--> (no socket)
 *   CONNECTING --429 busy, no audio yet--> backoff --> CONNECTING (live contexts replayed)
 * </pre>
 * Losing the socket fails every live context with the reason; the next utterance opens a new socket.
 * Threading: the socket's callbacks run on the call's vendor I/O loop ({@link ClientWebSocket}); all state is
 * guarded by this object's lock (the vendor's timer thread takes it too: keepalives, stalls, retries), including
 * deliveries into the contexts.
 */
final class MultiContextTtsSession implements TtsSession, ClientWebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(MultiContextTtsSession.class);
    private static final int NORMAL_CLOSURE = 1000;

    private final VendorContext vendor;
    private final String callId;
    private final EventLoop io;
    // guarded by this
    private final Map<String, ContextUtterance> contexts = new LinkedHashMap<>();
    // guarded by this
    private ClientWebSocket socket;
    // guarded by this
    private boolean closed;
    // guarded by this
    private int contextCount;
    // guarded by this
    private int attempt;
    private final Keepalive keepalive;

    MultiContextTtsSession(VendorContext vendor, String callId, EventLoop io) {
        this.vendor = vendor;
        this.callId = callId;
        this.io = io;
        this.keepalive = new Keepalive(vendor);
        synchronized (this) {
            connect();
        }
        keepalive.start(this::keepaliveTick);
    }

    @Override
    public synchronized Utterance start(String utteranceId, TtsListener listener) {
        UtteranceOutput out = new UtteranceOutput(utteranceId, listener, vendor.format());
        ContextUtterance context = new ContextUtterance(this, vendor, "c" + (++contextCount), out);
        if (closed) {
            out.error(vendor.errors().error(VendorErrors.DROPPED, "session closed", false));
            return context;
        }
        if (socket == null) {
            attempt = 0;
            reconnect();
        }
        contexts.put(context.contextId(), context);
        send(vendor.requests().initMessage(context.contextId()));
        return context;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        keepalive.stop();
        new ArrayList<>(contexts.values()).forEach(context -> context.out().cancel());
        contexts.clear();
        if (socket != null) {
            socket.send(vendor.requests().closeSocketMessage());
            socket.close(NORMAL_CLOSURE, "session closed");
            socket = null;
        }
    }

    // guarded by this
    void send(String message) {
        if (socket == null) {
            return;
        }
        if (!socket.send(message)) {
            lose(vendor.socketRefused()); // text dropped silently would be words missing from the call
            return;
        }
        keepalive.sent();
    }

    // guarded by this
    void forget(ContextUtterance context) {
        contexts.remove(context.contextId(), context);
    }

    @Override
    public void onText(ClientWebSocket webSocket, ByteBuf text) {
        synchronized (this) {
            if (webSocket != socket) {
                return;
            }
            VendorMessage message;
            try {
                message = VendorMessage.parseWebSocket(vendor.json(), text);
            } catch (VendorMessage.MalformedException e) {
                // Which context a broken frame belonged to is unknown: the stream as a whole is corrupt.
                lose(vendor.errors().error(VendorErrors.MALFORMED, e.getMessage(), false));
                return;
            }
            ContextUtterance context = contextOf(message);
            if (message.error() != null) {
                TtsError error = vendor.errors().vendorMessage(message.error());
                if (context != null) {
                    context.fail(error);
                    forget(context);
                } else {
                    lose(error);
                }
                return;
            }
            if (context != null) {
                context.deliver(message);
            } else {
                // Expected after close_context: the vendor may still send what it had generated.
                LOG.debug("call {}: message for closed context {} dropped", callId, message.contextId());
            }
        }
    }

    @Override
    public void onClosing(ClientWebSocket webSocket, int code, String reason) {
        synchronized (this) {
            if (webSocket != socket) {
                return;
            }
            lose(code == NORMAL_CLOSURE
                    ? vendor.errors().error(VendorErrors.DROPPED, "socket closed with live utterances", false)
                    : vendor.errors().close(code, reason));
        }
    }

    @Override
    public void onFailure(ClientWebSocket webSocket, Throwable t, ClientWebSocket.Refusal refusal) {
        synchronized (this) {
            if (webSocket != socket) {
                return;
            }
            TtsError error;
            if (refusal != null) {
                error = vendor.errors().httpStatus(refusal.status(), refusal.body());
                if (retry(error)) {
                    return;
                }
            } else if (t instanceof IOException failure) {
                error = vendor.errors().io(failure, webSocket.opened(), anyAudio());
            } else {
                error = vendor.errors().error(VendorErrors.DROPPED, String.valueOf(t), false);
            }
            lose(error);
        }
    }

    // guarded by this
    private void connect() {
        socket = vendor.openSocket(io, true, this);
        keepalive.sent();
    }

    /** The socket is gone: every live context ends with {@code error}; the next start() reconnects. */
    // guarded by this
    private void lose(TtsError error) {
        if (socket != null) {
            socket.cancel();
            socket = null;
        }
        if (contexts.isEmpty()) {
            LOG.info("tts {} call {}: idle socket lost: {} {}", vendor.name(), callId, error.code(), error.message());
            return;
        }
        List<ContextUtterance> live = new ArrayList<>(contexts.values());
        contexts.clear();
        live.forEach(context -> context.fail(error));
    }

    // guarded by this
    private boolean retry(TtsError error) {
        if (!error.retryable() || attempt >= vendor.maxRetries() || anyAudio() || closed) {
            return false;
        }
        attempt++;
        long delay = vendor.retryDelayMs(attempt);
        LOG.info("tts {} call {}: {} ({}), reconnect {} in {} ms", vendor.name(), callId, error.code(),
                error.message(), attempt, delay);
        socket = null;
        try {
            vendor.timer().schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    private synchronized void reconnect() {
        if (closed || socket != null) {
            return;
        }
        connect();
        contexts.values().forEach(context -> context.replay().forEach(this::send));
    }

    // guarded by this
    private boolean anyAudio() {
        return contexts.values().stream().anyMatch(context -> context.out().audioSeen());
    }

    /** By id; a message without one goes to the only live context (servers that omit it on single use). */
    // guarded by this
    private ContextUtterance contextOf(VendorMessage message) {
        if (message.contextId() != null) {
            return contexts.get(message.contextId());
        }
        return contexts.size() == 1 ? contexts.values().iterator().next() : null;
    }

    private synchronized void keepaliveTick() {
        if (!closed && socket != null && keepalive.due()) {
            send(vendor.requests().keepaliveMessage());
        }
    }
}
