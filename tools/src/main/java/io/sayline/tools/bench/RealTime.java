package io.sayline.tools.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seconds of audio processed, as a JMH secondary result: reported per second of benchmark time it
 * reads directly as "× real time" on one core (the benchmarks run single-threaded).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class RealTime {
    /** Audio seconds per wall second: × real time per core. */
    public double xRealTime;

    @Setup(Level.Iteration)
    public void clear() {
        xRealTime = 0;
    }
}
