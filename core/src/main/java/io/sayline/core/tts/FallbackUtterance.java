package io.sayline.core.tts;

import io.sayline.rtp.transcode.AudioFormat;

/**
 * One utterance of a {@link FallbackTtsSession}: records the text appended and what the primary delivered
 * (audio duration, aligned characters), and on the primary's error continues on the fallback vendor with
 * the unspoken rest.
 *
 * <pre>
 *   PRIMARY --primary onError--> FALLBACK --fallback onEnd/onError--> over
 *   PRIMARY --primary onEnd--> over;   any --cancel--> over
 * </pre>
 * Primary callbacks arrive one at a time (the {@link TtsListener} contract), so the delivery counters are
 * touched by one thread at a time; {@code text}, {@code finished} and the switch are guarded by this.
 */
final class FallbackUtterance implements TtsSession.Utterance {
    private final FallbackTtsSession session;
    private final String utteranceId;
    private final TtsListener listener;
    // guarded by this
    private final StringBuilder text = new StringBuilder();
    // guarded by this
    private boolean finished;
    // guarded by this
    private boolean cancelled;
    // guarded by this
    private TtsSession.Utterance primary;
    // guarded by this
    private TtsSession.Utterance fallback;
    // touched only by the primary's (serialized) callbacks and, after them, by the switch
    private long primaryAudioBytes;
    private final StringBuilder alignedText = new StringBuilder();
    /** Fallback alignment is shifted by the primary's audio so times stay utterance-relative. */
    private volatile long fallbackOffsetMs;

    FallbackUtterance(FallbackTtsSession session, String utteranceId, TtsListener listener) {
        this.session = session;
        this.utteranceId = utteranceId;
        this.listener = listener;
    }

    void startOnPrimary(TtsSession primarySession) {
        TtsSession.Utterance started = primarySession.start(utteranceId, new PrimaryListener());
        synchronized (this) {
            if (fallback == null) {
                primary = started;
            }
        }
    }

    synchronized void startOnFallback(TtsError error) {
        switchToFallback(error);
    }

    @Override
    public void append(String piece) {
        TtsSession.Utterance target;
        synchronized (this) {
            if (cancelled || finished || piece == null || piece.isEmpty()) {
                return;
            }
            text.append(piece);
            if (fallback != null) {
                fallback.append(piece);
                return;
            }
            target = primary;
        }
        // Outside the lock: the primary may be delivering (holding its lock) and calling back into us.
        // Text appended here after a switch is in `text`, so the switch already passed it to the fallback.
        if (target != null) {
            target.append(piece);
        }
    }

    @Override
    public void finish() {
        TtsSession.Utterance target;
        synchronized (this) {
            if (cancelled || finished) {
                return;
            }
            finished = true;
            if (fallback != null) {
                fallback.finish();
                return;
            }
            target = primary;
        }
        if (target != null) {
            target.finish();
        }
    }

    @Override
    public void cancel() {
        TtsSession.Utterance first;
        TtsSession.Utterance second;
        synchronized (this) {
            cancelled = true;
            first = primary;
            second = fallback;
        }
        if (first != null) {
            first.cancel();
        }
        if (second != null) {
            second.cancel();
        }
    }

    // guarded by this
    private void switchToFallback(TtsError error) {
        if (primary != null) {
            primary.cancel(); // already over after its error; makes sure nothing of it follows
        }
        TtsVendor vendor = session.fallbackVendor();
        TtsSession fallbackSession = session.fallbackSession();
        if (fallbackSession == null) {
            listener.onError(error);
            return;
        }
        long primaryMs = AudioDuration.millis(session.primaryFormat(), primaryAudioBytes);
        String rest = SpokenText.unspoken(text.toString(), alignedText, primaryMs);
        fallbackOffsetMs = primaryMs;
        listener.onFallback(error, vendor.name());
        AudioFormat format = vendor.outputFormat();
        if (!format.equals(session.primaryFormat())) {
            listener.onFormatChange(format);
        }
        fallback = fallbackSession.start(utteranceId, new SecondListener());
        if (!rest.isEmpty()) {
            fallback.append(rest);
        }
        if (finished) {
            fallback.finish();
        }
    }

    /** What the primary delivers, passed on and counted. */
    private final class PrimaryListener implements TtsListener {
        @Override
        public void onRequestSent() {
            listener.onRequestSent();
        }

        @Override
        public void onAudio(byte[] chunk) {
            primaryAudioBytes += chunk.length;
            listener.onAudio(chunk);
        }

        @Override
        public void onAlignment(Alignment alignment) {
            alignment.chars().forEach(alignedText::append);
            listener.onAlignment(alignment);
        }

        @Override
        public void onEnd() {
            listener.onEnd();
        }

        @Override
        public void onError(TtsError error) {
            session.primaryFailed(error);
            synchronized (FallbackUtterance.this) {
                if (!cancelled && fallback == null) {
                    switchToFallback(error);
                }
            }
        }
    }

    /** What the fallback delivers; its first request time is not the utterance's, so it is not reported. */
    private final class SecondListener implements TtsListener {
        @Override
        public void onAudio(byte[] chunk) {
            listener.onAudio(chunk);
        }

        @Override
        public void onAlignment(Alignment alignment) {
            listener.onAlignment(fallbackOffsetMs == 0 ? alignment : AlignmentShift.shift(alignment, fallbackOffsetMs));
        }

        @Override
        public void onEnd() {
            listener.onEnd();
        }

        @Override
        public void onError(TtsError error) {
            listener.onError(error);
        }
    }
}
