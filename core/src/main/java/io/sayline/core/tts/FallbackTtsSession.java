package io.sayline.core.tts;

import io.sayline.rtp.transcode.AudioFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * A primary vendor's session with a fallback vendor behind it (docs/architecture.md, "Media rules": a failing
 * vendor hands over to the fallback vendor and the bot gets {@code tts.error}). When the primary reports an
 * error for an utterance, the listener hears {@link TtsListener#onFallback}, then (if the fallback speaks
 * another format) {@link TtsListener#onFormatChange}, and the fallback speaks what was not yet spoken
 * ({@link SpokenText}) in the same utterance: same listener, one {@link TtsListener#onEnd()} at the end, and
 * never audio of both vendors interleaved (the primary delivers nothing after its error).
 *
 * <p>The fallback's session is opened on first use. After an error that will not go away within the call
 * (a rejected key: {@code http_401}, {@code http_403}) later utterances go to the fallback at once.
 *
 * <p>Threading: as {@link TtsSession}. A fallback utterance never calls into the primary vendor while
 * holding its own lock, so primary callbacks (which hold the primary's lock) cannot deadlock with
 * {@code append} from the call's loop.
 */
public final class FallbackTtsSession implements TtsSession {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackTtsSession.class);
    /** Failures that repeat for every request of this call: stop asking the primary. */
    private static final Set<String> STICKY_CODES = Set.of("http_401", "http_403");

    private final TtsSession primary;
    private final AudioFormat primaryFormat;
    private final TtsVendor fallback;
    private final TtsSessionContext context;
    // guarded by this
    private TtsSession fallbackSession;
    // guarded by this
    private TtsError stickyError;
    // guarded by this
    private boolean closed;

    public FallbackTtsSession(TtsSession primary, AudioFormat primaryFormat, TtsVendor fallback,
                              TtsSessionContext context) {
        this.primary = primary;
        this.primaryFormat = primaryFormat;
        this.fallback = fallback;
        this.context = context;
    }

    @Override
    public Utterance start(String utteranceId, TtsListener listener) {
        FallbackUtterance utterance = new FallbackUtterance(this, utteranceId, listener);
        TtsError sticky;
        synchronized (this) {
            sticky = stickyError;
        }
        if (sticky != null) {
            utterance.startOnFallback(sticky);
        } else {
            utterance.startOnPrimary(primary);
        }
        return utterance;
    }

    @Override
    public void close() {
        TtsSession second;
        synchronized (this) {
            closed = true;
            second = fallbackSession;
        }
        primary.close();
        if (second != null) {
            second.close();
        }
    }

    AudioFormat primaryFormat() {
        return primaryFormat;
    }

    TtsVendor fallbackVendor() {
        return fallback;
    }

    /** The fallback's session, opened on first use; null once this session is closed. */
    synchronized TtsSession fallbackSession() {
        if (closed) {
            return null;
        }
        if (fallbackSession == null) {
            fallbackSession = fallback.openSession(context);
        }
        return fallbackSession;
    }

    synchronized void primaryFailed(TtsError error) {
        if (STICKY_CODES.contains(error.code()) && stickyError == null) {
            stickyError = error;
            LOG.info("call {}: primary tts refused ({}), fallback {} for the rest of the call",
                    context == null ? "-" : context.callId(), error.code(), fallback.name());
        }
    }
}
