package io.sayline.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Seconds of audio processed, as a JMH secondary result: reported per second of benchmark time it
 * reads directly as "× real time" on one core (the benchmarks run single-threaded).
 *
 * <p>On a shared machine wall-clock throughput only says what share of a core the benchmark got, so
 * each iteration also prints audio seconds per CPU second of the benchmark thread
 * ({@code cpu-based x real time}), which is what "per core" means.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class RealTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Audio seconds per wall second: × real time per core on an otherwise idle machine. */
    public double xRealTime;
    private long cpuAtStart;

    @Setup(Level.Iteration)
    public void start() {
        xRealTime = 0;
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void report() {
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuAtStart) / 1e9;
        System.out.printf("  [cpu-based x real time: %.0f]%n", xRealTime / cpuSeconds);
    }
}
