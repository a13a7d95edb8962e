package io.sayline.core.listen;

/** Receives each 20 ms caller frame of a call, in order, on the call's loop (see {@link CallerTimeline}). */
@FunctionalInterface
public interface CallerFrameListener {
    /** {@code frame} is reused after this returns: copy what you keep. Must not block. */
    void onCallerFrame(CallerFrame frame);
}
