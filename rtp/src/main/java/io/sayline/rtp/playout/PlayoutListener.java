package io.sayline.rtp.playout;

/**
 * What the {@link PlayoutBuffer} reports, on the call loop, at the moment the corresponding frame is handed
 * out for sending (the session sends it in the same tick), so every count is of frames actually sent.
 * All methods default to no-ops.
 */
public interface PlayoutListener {
    /** A listener that ignores everything. */
    PlayoutListener NONE = new PlayoutListener() {
    };

    /** The first frame of {@code tag} is being sent. */
    default void utteranceStarted(Object tag) {
    }

    /** The last frame before {@code endOfUtterance(tag)} has been sent; {@code framesPlayed × 20} ms were heard. */
    default void utteranceFinished(Object tag, int framesPlayed) {
    }

    /**
     * {@link PlayoutBuffer#clear()} stopped {@code tag} after {@code framesPlayed} frames (the fade-out frame
     * included); 0 for utterances that were queued but never started.
     */
    default void utteranceInterrupted(Object tag, int framesPlayed) {
    }

    /** Playout reached {@code mark(name)}: every frame queued before it has been sent. */
    default void markReached(String name) {
    }

    /** The buffer ran dry inside {@code tag}: silence is being sent until enough audio is queued again. */
    default void underrun(Object tag) {
    }

    /** The buffer was {@linkplain PlayoutBuffer#isFull() full} and has drained to half: offer audio again. */
    default void writable() {
    }
}
