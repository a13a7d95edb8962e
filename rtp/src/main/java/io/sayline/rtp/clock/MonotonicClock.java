package io.sayline.rtp.clock;

/**
 * A monotonic nanosecond clock: the only source of time in the media plane, so tests can advance a
 * {@link ManualClock} by hand instead of sleeping. Values are meaningful only as differences.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Current time in nanoseconds on an arbitrary but fixed origin; never goes backwards. */
    long nanos();

    /** {@link System#nanoTime()}, the same time base as Netty's scheduler. */
    static MonotonicClock system() {
        return System::nanoTime;
    }
}
