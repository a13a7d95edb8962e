package io.sayline.core.speech;

import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Event.BackpressureState;
import java.util.function.Consumer;

/**
 * Tells a bot that writes faster than the caller can listen to pause: when the text received but not
 * yet played passes the limit, {@code backpressure pause}; once it drains to half, {@code resume}.
 * The gap between the two thresholds keeps a bot hovering at the limit from flapping. Text is never
 * dropped; the limit is advisory. On the call loop.
 */
final class Backpressure {
    private final int maxChars;
    private final Consumer<Event> events;
    private long bufferedChars;
    private boolean paused;

    Backpressure(int maxChars, Consumer<Event> events) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxBufferedChars must be >= 1, was " + maxChars);
        }
        this.maxChars = maxChars;
        this.events = events;
    }

    void add(int chars) {
        bufferedChars += chars;
        if (!paused && bufferedChars > maxChars) {
            paused = true;
            events.accept(new Event.Backpressure(BackpressureState.PAUSE, bufferedChars));
        }
    }

    /** Text received and not yet played or dropped. */
    long buffered() {
        return bufferedChars;
    }

    void release(int chars) {
        bufferedChars = Math.max(0, bufferedChars - chars);
        if (paused && bufferedChars <= maxChars / 2) {
            paused = false;
            events.accept(new Event.Backpressure(BackpressureState.RESUME, bufferedChars));
        }
    }
}
