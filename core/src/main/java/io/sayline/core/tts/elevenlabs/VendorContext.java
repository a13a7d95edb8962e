package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.net.StreamingHttpClient;
import io.sayline.rtp.transcode.AudioFormat;
import okhttp3.OkHttpClient;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * What every session of one {@link ElevenLabsVendor} shares: configuration, the HTTP client (streaming answers
 * read on the call's vendor I/O loop), OkHttp for the WebSockets, message builders and the timer (stall checks, keepalives, retry backoff). Immutable.
 */
record VendorContext(
        String name,
        TtsVendorConfig config,
        AudioFormat format,
        StreamingHttpClient http,
        OkHttpClient sockets,
        ElevenLabsRequests requests,
        VendorErrors errors,
        ObjectMapper json,
        ScheduledExecutorService timer,
        LongSupplier nanoClock,
        long retryBaseDelayMs) {

    /** Backoff before retry {@code attempt} (1-based): base, 2·base, 4·base… capped at ten bases. */
    long retryDelayMs(int attempt) {
        return retryBaseDelayMs * Math.min(1L << Math.max(0, attempt - 1), 10);
    }

    int maxRetries() {
        return config.maxRetries() == null ? 0 : config.maxRetries();
    }

    long stallTimeoutMs() {
        return config.stallTimeoutMs() == null ? ElevenLabsVendor.DEFAULT_STALL_TIMEOUT_MS : config.stallTimeoutMs();
    }
}
