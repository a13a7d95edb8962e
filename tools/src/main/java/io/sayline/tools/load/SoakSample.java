package io.sayline.tools.load;

import java.util.Map;

/**
 * One sample of a soak: the callers' progress and every series measured at that moment, by key: the process's
 * ({@link #FDS}, {@link #SOCKETS}, {@link #THREADS}, {@link #HEAP_AFTER_GC_MB}, only on the samples that forced a
 * collection) and each of Sayline's {@code /metrics} series under its own name.
 *
 * @param seconds   since the first call was placed
 * @param completed calls SIPp completed so far
 * @param failed    calls SIPp saw fail so far
 * @param liveCalls calls whose bot session is open
 */
record SoakSample(double seconds, int completed, int failed, int liveCalls, Map<String, Double> values) {
    static final String FDS = "process_open_fds";
    static final String SOCKETS = "process_open_sockets";
    static final String THREADS = "process_threads";
    static final String HEAP_AFTER_GC_MB = "heap_after_full_gc_mb";

    /** The series' value; NaN when this sample has none. */
    double value(String key) {
        return values.getOrDefault(key, Double.NaN);
    }
}
