package io.sayline.core.stt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.sayline.core.net.ClientWebSocket;
import io.sayline.core.net.StreamingRequest;
import java.nio.charset.StandardCharsets;

/**
 * One WebSocket to the vendor's realtime speech-to-text endpoint, for one stretch of a call's transcription (a
 * reconnect opens a new one), on the call's vendor I/O event loop ({@link ClientWebSocket}): {@link #connect},
 * {@link #send} and {@link #close} run there, and so does every callback of {@link Listener}. No thread per
 * stream, no lock.
 */
final class ScribeStream implements ClientWebSocket.Listener {
    static final int SAMPLE_RATE = 8000;
    /** Audio waiting to be written beyond this (base64 JSON, ~10 s of μ-law) is dropped, not queued without end. */
    static final int MAX_QUEUED_BYTES = 128 * 1024;
    private static final int NORMAL_CLOSURE = 1000;
    /** Transcripts are short; a committed one with word timestamps for a long phrase is a few KiB. */
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    /** What the stream tells its owner, on the stream's event loop. */
    interface Listener {
        void message(ScribeMessage message);

        /** The stream is over: {@code failure} null when it was closed on purpose. Called once. */
        void ended(SttFailure failure);
    }

    private final EventLoop io;
    private final StreamingRequest request;
    private final ScribeMessages messages;
    private final Listener listener;
    private ClientWebSocket socket;
    private boolean ended;
    private SttFailure vendorError;

    ScribeStream(EventLoop io, StreamingRequest request, ScribeMessages messages, Listener listener) {
        this.io = io;
        this.request = request;
        this.messages = messages;
        this.listener = listener;
    }

    void connect() {
        socket = ClientWebSocket.open(io, request, MAX_MESSAGE_BYTES, MAX_QUEUED_BYTES, this);
    }

    /**
     * Queues one chunk of μ-law audio.
     *
     * @return false when it was not queued (the socket is gone or too far behind): the caller counts it
     */
    boolean send(byte[] ulaw) {
        return socket != null && !ended && socket.send(messages.audioChunk(ulaw));
    }

    /** Closes the stream on purpose: the owner hears nothing more. */
    void close() {
        ended = true;
        if (socket != null) {
            socket.close(NORMAL_CLOSURE, null);
        }
    }

    @Override
    public void onText(ClientWebSocket from, ByteBuf utf8) {
        ScribeMessage message = messages.read(utf8.toString(StandardCharsets.UTF_8));
        if (message instanceof ScribeMessage.VendorError error) {
            // The vendor usually closes next; if it does not, the stream is over anyway: no transcript follows an
            // error, and the owner decides whether to open another.
            vendorError = SttFailure.ofVendor(error.messageType(), error.error());
            from.close(NORMAL_CLOSURE, null);
            end(vendorError);
            return;
        }
        if (!ended) {
            listener.message(message);
        }
    }

    @Override
    public void onClosing(ClientWebSocket from, int code, String reason) {
        end(vendorError != null ? vendorError
                : SttFailure.connectionLost("the vendor closed the stream: " + code + " " + reason));
    }

    @Override
    public void onFailure(ClientWebSocket from, Throwable cause, ClientWebSocket.Refusal refusal) {
        if (refusal != null) {
            end(SttFailure.ofHandshake(refusal.status(), refusal.reason()));
        } else if (vendorError != null) {
            end(vendorError);
        } else {
            end(from.opened() ? SttFailure.connectionLost(String.valueOf(cause))
                    : SttFailure.connectFailed(String.valueOf(cause)));
        }
    }

    private void end(SttFailure failure) {
        if (!ended) {
            ended = true;
            listener.ended(failure);
        }
    }
}
