package io.sayline.tools.latency;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of one latency figure over the probe's calls, in ms. */
public record Percentiles(int count, long p50, long p95, long p99, long max) {

    public static Percentiles of(List<Long> values) {
        if (values.isEmpty()) {
            return new Percentiles(0, -1, -1, -1, -1);
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    private static long rank(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    String row(String name) {
        return String.format("%-20s %5d %6d %6d %6d %6d", name, count, p50, p95, p99, max);
    }

    static String header() {
        return String.format("%-20s %5s %6s %6s %6s %6s", "ms", "n", "p50", "p95", "p99", "max");
    }
}
