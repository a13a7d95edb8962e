package io.sayline.tools.load;

import java.util.Arrays;

/**
 * The soak's test of one series for an upward trend. The first {@link #WARM_UP_SHARE} of the samples is
 * warm-up (JIT, pools and caches filling, calls ramping up) and ignored. The <em>warm-up level</em> is the median
 * of the window that follows it, the <em>end level</em> the median of the last window; a window is
 * {@link #WINDOW_SHARE} of the samples, at least {@link #MIN_WINDOW}. The series is flat when the end level is at
 * most the warm-up level plus {@link #TOLERANCE} of it, or plus the series' absolute slack when that is larger:
 * a small integer series (40 file descriptors) moves by one or two with the calls live at that moment, which
 * is no leak. Medians, so that one sample taken as a burst of calls set up does not decide. A series going down
 * is flat. Fewer than {@link #MIN_SAMPLES} samples say nothing: not flat.
 *
 * @param warmUp  the level after warm-up
 * @param end     the level at the end
 * @param limit   the highest end level still flat
 * @param samples how many samples the series had (NaN ones left out)
 */
record Flatness(double warmUp, double end, double limit, int samples) {
    static final double WARM_UP_SHARE = 0.2;
    static final double WINDOW_SHARE = 0.1;
    static final double TOLERANCE = 0.05;
    static final int MIN_WINDOW = 3;
    static final int MIN_SAMPLES = 10;

    /** @param values the series in time order; NaN (not measured then) is skipped */
    static Flatness of(double[] values, double slack) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n < MIN_SAMPLES) {
            return new Flatness(Double.NaN, Double.NaN, Double.NaN, n);
        }
        int window = Math.max(MIN_WINDOW, (int) Math.ceil(n * WINDOW_SHARE));
        int warmUpEnd = (int) Math.floor(n * WARM_UP_SHARE);
        double warmUp = median(Arrays.copyOfRange(v, warmUpEnd, warmUpEnd + window));
        double end = median(Arrays.copyOfRange(v, n - window, n));
        return new Flatness(warmUp, end, warmUp + Math.max(TOLERANCE * Math.abs(warmUp), slack), n);
    }

    boolean enoughSamples() {
        return samples >= MIN_SAMPLES;
    }

    boolean flat() {
        return enoughSamples() && end <= limit;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
