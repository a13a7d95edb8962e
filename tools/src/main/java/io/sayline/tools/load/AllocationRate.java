package io.sayline.tools.load;

import java.util.List;

/**
 * How fast the server allocated while calls were live, from the heap its GC log shows before and after each
 * collection ({@link GcLog.Pauses#allocations()}), per second and per call-second: the figure that sets how often
 * the young collector stops every stream.
 *
 * <p>Only the spans between two collections that both came while calls were live count, and each span's calls
 * are the live calls of the run's one-second samples, interpolated and integrated over it; so the idle server
 * before the first call and after the last is left out, and the ramp weighs as many call-seconds as it had.
 *
 * @param mbPerSecond     MB allocated per second over those spans; NaN without two collections during the calls
 * @param kbPerCallSecond KB allocated per live call per second over them; NaN likewise
 * @param spans           how many spans between collections were counted
 */
record AllocationRate(double mbPerSecond, double kbPerCallSecond, int spans) {
    /** Integration step for the live calls over a span, seconds. */
    private static final double STEP_SECONDS = 0.1;

    /** @param samples the run's samples, seconds counted from the same origin as the allocations' */
    static AllocationRate of(List<GcLog.Allocated> allocations, List<Sample> samples) {
        double mb = 0;
        double seconds = 0;
        double callSeconds = 0;
        int spans = 0;
        for (GcLog.Allocated a : allocations) {
            if (liveAt(samples, a.fromSeconds()) <= 0 || liveAt(samples, a.toSeconds()) <= 0 || a.mb() < 0) {
                continue;
            }
            mb += a.mb();
            seconds += a.toSeconds() - a.fromSeconds();
            callSeconds += callSeconds(samples, a.fromSeconds(), a.toSeconds());
            spans++;
        }
        if (spans == 0 || seconds <= 0 || callSeconds <= 0) {
            return new AllocationRate(Double.NaN, Double.NaN, spans);
        }
        return new AllocationRate(mb / seconds, mb * 1024 / callSeconds, spans);
    }

    private static double callSeconds(List<Sample> samples, double from, double to) {
        double total = 0;
        for (double t = from; t < to; t += STEP_SECONDS) {
            double step = Math.min(STEP_SECONDS, to - t);
            total += liveAt(samples, t + step / 2) * step;
        }
        return total;
    }

    /** Live calls at {@code t}, between the two samples around it; 0 outside the samples. */
    static double liveAt(List<Sample> samples, double t) {
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            if (t >= a.seconds() && t <= b.seconds()) {
                double span = b.seconds() - a.seconds();
                double share = span <= 0 ? 0 : (t - a.seconds()) / span;
                return a.liveCalls() + share * (b.liveCalls() - a.liveCalls());
            }
        }
        return 0;
    }
}
