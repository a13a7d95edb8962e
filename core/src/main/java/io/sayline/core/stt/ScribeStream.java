package io.sayline.core.stt;

import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * One WebSocket to the vendor's realtime speech-to-text endpoint, for one stretch of a call's transcription
 * (a reconnect opens a new one). {@link #connect}, {@link #send} and {@link #close} run on the call's vendor
 * I/O thread (never on a call loop: OkHttp's WebSocket guards its queue with a monitor its own threads hold);
 * {@link Listener} is called on OkHttp's reader thread.
 */
final class ScribeStream extends WebSocketListener {
    static final int SAMPLE_RATE = 8000;
    /** Audio queued in OkHttp beyond this (base64 JSON, ~10 s of μ-law) is dropped, not queued without end. */
    static final long MAX_QUEUED_BYTES = 128 * 1024;
    private static final int NORMAL_CLOSURE = 1000;

    /** What the stream tells its owner, on OkHttp's thread. */
    interface Listener {
        void message(ScribeMessage message);

        /** The stream is over: {@code failure} null when it was closed on purpose. Called once. */
        void ended(SttFailure failure);
    }

    private final OkHttpClient http;
    private final Request request;
    private final ScribeMessages messages;
    private final Listener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean closedByUs;
    private volatile boolean opened;
    private volatile SttFailure vendorError;
    private WebSocket socket; // confined to the vendor I/O thread

    ScribeStream(OkHttpClient http, Request request, ScribeMessages messages, Listener listener) {
        this.http = http;
        this.request = request;
        this.messages = messages;
        this.listener = listener;
    }

    void connect() {
        socket = http.newWebSocket(request, this);
    }

    /**
     * Queues one chunk of μ-law audio.
     *
     * @return false when it was not queued (the socket is gone or too far behind): the caller counts it
     */
    boolean send(byte[] ulaw) {
        if (socket == null || ended.get() || socket.queueSize() > MAX_QUEUED_BYTES) {
            return false;
        }
        return socket.send(messages.audioChunk(ulaw));
    }

    void close() {
        closedByUs = true;
        if (socket != null) {
            socket.close(NORMAL_CLOSURE, null);
        }
        end(null);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        ScribeMessage message = messages.read(text);
        if (message instanceof ScribeMessage.VendorError error) {
            // The vendor usually closes next; if it does not, the stream is over anyway: no transcript follows
            // an error, and the owner decides whether to open another.
            vendorError = SttFailure.ofVendor(error.messageType(), error.error());
            end(vendorError);
            webSocket.close(NORMAL_CLOSURE, null);
            return;
        }
        listener.message(message);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(NORMAL_CLOSURE, null);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        end(closedByUs ? null : vendorError != null ? vendorError
                : SttFailure.connectionLost("the vendor closed the stream: " + code + " " + reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        if (closedByUs) {
            end(null);
        } else if (response != null && response.code() != 101) {
            end(SttFailure.ofHandshake(response.code(), response.message()));
        } else if (vendorError != null) {
            end(vendorError);
        } else {
            end(opened ? SttFailure.connectionLost(String.valueOf(t)) : SttFailure.connectFailed(String.valueOf(t)));
        }
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        opened = true;
    }

    private void end(SttFailure failure) {
        if (ended.compareAndSet(false, true) && !closedByUs) {
            listener.ended(failure);
        }
    }
}
