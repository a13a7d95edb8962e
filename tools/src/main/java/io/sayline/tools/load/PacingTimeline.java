package io.sayline.tools.load;

import io.sayline.tools.analyse.StreamStats;
import java.util.List;

/**
 * The worst |interval − 20 ms| of any stream in each second of the capture. A pause of the gateway (GC, a
 * stall of the call loops) delays every stream at once and stands out here as one spike, where the
 * histogram only shows that such intervals exist.
 *
 * @param seconds     the start of each second since the capture's first interval
 * @param worstMs     the largest deviation in that second, over all streams
 * @param streamsHit  how many streams had an interval off by more than {@link #HIT_MS} in that second
 */
record PacingTimeline(double[] seconds, double[] worstMs, double[] streamsHit) {
    static final double HIT_MS = 5;

    static PacingTimeline of(List<StreamStats> streams) {
        long first = streams.stream().flatMapToLong(s -> java.util.Arrays.stream(s.deviationTimesNanos())).min()
                .orElse(0);
        long last = streams.stream().flatMapToLong(s -> java.util.Arrays.stream(s.deviationTimesNanos())).max()
                .orElse(0);
        int n = (int) ((last - first) / 1_000_000_000L) + 1;
        double[] seconds = new double[n];
        double[] worst = new double[n];
        double[] hit = new double[n];
        for (int i = 0; i < n; i++) {
            seconds[i] = i;
        }
        for (StreamStats s : streams) {
            double[] deviations = s.deviationsMs();
            long[] times = s.deviationTimesNanos();
            int lastHitSecond = -1;
            for (int i = 0; i < deviations.length; i++) {
                int second = (int) ((times[i] - first) / 1_000_000_000L);
                worst[second] = Math.max(worst[second], deviations[i]);
                if (deviations[i] > HIT_MS && second != lastHitSecond) {
                    hit[second]++; // once per stream and second
                    lastHitSecond = second;
                }
            }
        }
        return new PacingTimeline(seconds, worst, hit);
    }

    /** The second with the worst deviation, or -1 without intervals. */
    int worstSecond() {
        int worst = -1;
        for (int i = 0; i < worstMs.length; i++) {
            if (worst < 0 || worstMs[i] > worstMs[worst]) {
                worst = i;
            }
        }
        return worst;
    }
}
