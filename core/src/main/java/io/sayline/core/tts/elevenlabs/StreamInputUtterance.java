package io.sayline.core.tts.elevenlabs;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.sayline.core.net.ClientWebSocket;
import io.sayline.core.net.StallWatch;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One utterance on its own {@code stream-input} WebSocket (single context; docs/elevenlabs.md,
 * "WebSocket input streaming"). Messages in order: init (one space, voice settings, chunk schedule), each
 * text ending with a space, then on {@link #finish()} a flush and the end message {@code {"text":""}},
 * after which the vendor sends what is left, {@code isFinal}, and closes with 1000.
 *
 * <pre>
 *   CONNECTING/OPEN --finish--> FLUSHED --isFinal or close 1000--> ENDED
 *        any state --close != 1000, failure, stall, bad frame--> FAILED;  --cancel--> CANCELLED
 * </pre>
 * The terminal states live in {@link UtteranceOutput}; a refused handshake (429 busy) before any audio is
 * retried on a new socket that replays the text so far.
 */
final class StreamInputUtterance implements TtsSession.Utterance, ClientWebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(StreamInputUtterance.class);
    private static final int NORMAL_CLOSURE = 1000;

    private final VendorContext vendor;
    private final EventLoop io;
    private final UtteranceOutput out;
    private final StallWatch stall;
    private final Keepalive keepalive;
    private final Consumer<StreamInputUtterance> onDone;
    // guarded by this
    private final StringBuilder textSoFar = new StringBuilder();
    private final FirstSentenceFlush firstSentence;
    // guarded by this
    private ClientWebSocket socket;
    // guarded by this
    private boolean finished;
    // guarded by this
    private int attempt;

    StreamInputUtterance(VendorContext vendor, UtteranceOutput out, EventLoop io,
                         Consumer<StreamInputUtterance> onDone) {
        this.vendor = vendor;
        this.io = io;
        this.out = out;
        this.firstSentence = new FirstSentenceFlush(Boolean.TRUE.equals(vendor.config().autoMode()));
        this.onDone = onDone;
        this.stall = new StallWatch(vendor.timer(), vendor.stallTimeoutMs(), vendor.nanoClock(), this::stalled);
        this.keepalive = new Keepalive(vendor);
    }

    /** Opens the socket; the messages sent before the handshake completes wait for it. */
    synchronized void open() {
        socket = vendor.openSocket(io, false, this);
        send(vendor.requests().initMessage(null));
        if (textSoFar.length() > 0) {
            send(vendor.requests().textMessage(textSoFar.toString(), null));
        }
        if (finished) {
            sendEnd();
        }
        keepalive.start(this::keepaliveTick);
    }

    @Override
    public synchronized void append(String text) {
        if (finished || out.isTerminal() || text == null || text.isEmpty()) {
            return;
        }
        textSoFar.append(text);
        send(vendor.requests().textMessage(text, null));
        if (firstSentence.due(textSoFar)) {
            send(vendor.requests().flushMessage(null));
        }
        out.requestSent();
    }

    @Override
    public synchronized void finish() {
        if (finished || out.isTerminal()) {
            return;
        }
        finished = true;
        if (textSoFar.toString().isBlank()) {
            // Nothing to say: end now rather than wait for a vendor that has nothing to generate.
            out.end();
            stop();
            socket.close(NORMAL_CLOSURE, null);
            return;
        }
        sendEnd();
        stall.arm();
    }

    @Override
    public synchronized void cancel() {
        out.cancel();
        stop();
        if (socket != null) {
            socket.cancel();
        }
    }

    @Override
    public void onText(ClientWebSocket webSocket, ByteBuf text) {
        VendorMessage message;
        try {
            message = VendorMessage.parseWebSocket(vendor.json(), text);
        } catch (VendorMessage.MalformedException e) {
            fail(webSocket, vendor.errors().error(VendorErrors.MALFORMED, e.getMessage(), false));
            return;
        }
        if (message.error() != null) {
            fail(webSocket, vendor.errors().vendorMessage(message.error()));
            return;
        }
        if (message.audio().length > 0) {
            stall.touch();
        }
        if (!out.audio(message.audio(), message.alignment())) {
            return;
        }
        if (message.isFinal()) {
            synchronized (this) {
                out.end();
                stop();
            }
            webSocket.close(NORMAL_CLOSURE, null);
        }
    }

    @Override
    public void onClosing(ClientWebSocket webSocket, int code, String reason) {
        synchronized (this) {
            if (webSocket != socket || out.isTerminal()) {
                return;
            }
            if (code == NORMAL_CLOSURE && finished) {
                // The vendor closes with 1000 right after its final message; some omit isFinal.
                out.end();
                stop();
                return;
            }
        }
        fail(webSocket, code == NORMAL_CLOSURE
                ? vendor.errors().error(VendorErrors.DROPPED, "socket closed before the end of the utterance", false)
                : vendor.errors().close(code, reason));
    }

    @Override
    public void onFailure(ClientWebSocket webSocket, Throwable t, ClientWebSocket.Refusal refusal) {
        TtsError error;
        if (refusal != null) {
            error = vendor.errors().httpStatus(refusal.status(), refusal.body());
            if (retry(webSocket, error)) {
                return;
            }
        } else if (t instanceof IOException failure) {
            error = vendor.errors().io(failure, webSocket.opened(), out.audioSeen());
        } else {
            error = vendor.errors().error(VendorErrors.DROPPED, String.valueOf(t), false);
        }
        fail(webSocket, error);
    }

    private synchronized boolean retry(ClientWebSocket failed, TtsError error) {
        if (failed != socket || !error.retryable() || attempt >= vendor.maxRetries() || out.isTerminal()
                || out.audioSeen()) {
            return false;
        }
        attempt++;
        long delay = vendor.retryDelayMs(attempt);
        LOG.info("tts {} utterance {}: {} ({}), reconnect {} in {} ms", vendor.name(), out.utteranceId(),
                error.code(), error.message(), attempt, delay);
        try {
            vendor.timer().schedule(this::reopen, delay, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    private synchronized void reopen() {
        if (!out.isTerminal()) {
            keepalive.stop();
            open();
        }
    }

    private void stalled() {
        ClientWebSocket current;
        synchronized (this) {
            current = socket;
        }
        fail(current, vendor.errors().noAudio(out.audioSeen(), vendor.stallTimeoutMs()));
    }

    private void fail(ClientWebSocket webSocket, TtsError error) {
        synchronized (this) {
            if (webSocket != socket) {
                return; // a socket replaced by a retry
            }
            out.error(error);
            stop();
        }
        webSocket.cancel();
    }

    // guarded by this
    private void stop() {
        stall.disarm();
        keepalive.stop();
        onDone.accept(this);
    }

    private void sendEnd() {
        if (firstSentence.pending(textSoFar)) {
            send(vendor.requests().flushMessage(null));
        }
        send(vendor.requests().endMessage());
    }

    // guarded by this
    private void send(String message) {
        if (!socket.send(message)) {
            fail(socket, vendor.socketRefused()); // text dropped silently would be words missing from the utterance
            return;
        }
        keepalive.sent();
    }

    private synchronized void keepaliveTick() {
        if (!finished && !out.isTerminal() && keepalive.due()) {
            send(vendor.requests().keepaliveMessage());
        }
    }
}
