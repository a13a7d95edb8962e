package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.TtsVendorConfig;
import io.netty.channel.EventLoop;
import io.sayline.core.net.ClientWebSocket;
import io.sayline.core.net.StreamingHttpClient;
import io.sayline.core.tts.TtsError;
import io.sayline.rtp.transcode.AudioFormat;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * What every session of one {@link ElevenLabsVendor} shares: configuration, the HTTP client (streaming answers
 * read on the call's vendor I/O loop), message builders and the timer (stall checks, keepalives, retry
 * backoff). Immutable.
 */
record VendorContext(
        String name,
        TtsVendorConfig config,
        AudioFormat format,
        StreamingHttpClient http,
        ElevenLabsRequests requests,
        VendorErrors errors,
        ObjectMapper json,
        ScheduledExecutorService timer,
        LongSupplier nanoClock,
        long retryBaseDelayMs) {

    /** A vendor message with audio is a few tens of KB; anything near this is not one. */
    static final int MAX_SOCKET_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Text waiting to be written to a socket: far beyond any utterance a bot says. */
    static final int MAX_SOCKET_QUEUED_BYTES = 1024 * 1024;

    /** Opens a {@code stream-input} or {@code multi-stream-input} socket whose callbacks run on {@code io}. */
    ClientWebSocket openSocket(EventLoop io, boolean multiContext, ClientWebSocket.Listener listener) {
        return ClientWebSocket.open(io, requests.webSocket(multiContext), MAX_SOCKET_MESSAGE_BYTES,
                MAX_SOCKET_QUEUED_BYTES, listener);
    }

    /** The error of a socket that refused a message: {@link #MAX_SOCKET_QUEUED_BYTES} were already waiting. */
    TtsError socketRefused() {
        return errors.error(VendorErrors.DROPPED, "the vendor socket is not taking messages: "
                + MAX_SOCKET_QUEUED_BYTES + " bytes already waiting", false);
    }

    /** Backoff before retry {@code attempt} (1-based): base, 2·base, 4·base… capped at ten bases. */
    long retryDelayMs(int attempt) {
        return retryBaseDelayMs * Math.min(1L << Math.max(0, attempt - 1), 10);
    }

    int maxRetries() {
        return config.maxRetries() == null ? 0 : config.maxRetries();
    }

    long stallTimeoutMs() {
        return requests.stallTimeoutMs();
    }
}
