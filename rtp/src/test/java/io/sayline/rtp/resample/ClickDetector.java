package io.sayline.rtp.resample;

/**
 * Finds discontinuities: a sample-to-sample jump larger than the local envelope allows. For a signal
 * with content up to {@code maxHz}, |x[n] - x[n-1]| ≤ 2π·maxHz/rate · envelope; a gap, an overlap or
 * a dropped sample at a chunk join breaks that.
 */
public final class ClickDetector {
    private static final int ENVELOPE_RADIUS = 40;

    private ClickDetector() {
    }

    /**
     * Index of the first click, or -1.
     *
     * @param slack absolute jump always tolerated (quantization steps, e.g. G.711's)
     */
    public static int firstClick(short[] x, double maxHz, int rate, double slack) {
        double slope = 2 * Math.PI * maxHz / rate;
        for (int n = 1; n < x.length; n++) {
            int envelope = 0;
            for (int k = Math.max(0, n - ENVELOPE_RADIUS); k < Math.min(x.length, n + ENVELOPE_RADIUS); k++) {
                envelope = Math.max(envelope, Math.abs(x[k]));
            }
            if (Math.abs(x[n] - x[n - 1]) > 1.25 * slope * envelope + slack) {
                return n;
            }
        }
        return -1;
    }
}
