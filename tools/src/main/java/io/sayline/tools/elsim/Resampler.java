package io.sayline.tools.elsim;

/**
 * Windowed-sinc (Blackman) sample-rate conversion for the embedded engine's 16 kHz speech. The
 * low-pass sits at 90 % of the lower Nyquist so downsampling does not alias audibly; quality beyond
 * that is not the simulator's job.
 */
final class Resampler {
    private static final int HALF_TAPS = 16;
    private static final double CUTOFF = 0.9;

    private Resampler() {
    }

    static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate || in.length == 0) {
            return in.clone();
        }
        double step = (double) fromRate / toRate;
        double scale = Math.min(1.0, (double) toRate / fromRate) * CUTOFF;
        double half = HALF_TAPS / scale;
        int outLength = (int) Math.floor(in.length / step);
        short[] out = new short[outLength];
        for (int n = 0; n < outLength; n++) {
            double t = n * step;
            int first = (int) Math.ceil(t - half);
            int last = (int) Math.floor(t + half);
            double acc = 0;
            for (int k = Math.max(0, first); k <= Math.min(in.length - 1, last); k++) {
                double x = t - k;
                acc += in[k] * scale * sinc(scale * x) * blackman(x / half);
            }
            out[n] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc)));
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** Blackman window over x in [-1, 1]. */
    private static double blackman(double x) {
        double p = Math.PI * (x + 1);
        return 0.42 - 0.5 * Math.cos(p) + 0.08 * Math.cos(2 * p);
    }
}
