package io.sayline.tools.analyse;

/**
 * The level of a sinusoid at a given frequency in decoded audio: a windowed DFT evaluated at exactly that
 * frequency (no bin rounding), scaled so a full-scale sine reads 0 dBFS.
 *
 * <p>Window: 4-term Blackman–Harris (Harris, "On the use of windows for harmonic analysis with the
 * discrete Fourier transform", Proc. IEEE 66(1), 1978, table 1: side lobes −92 dB). The audio carries
 * tones at about −14 dBFS a few hundred hertz from the frequencies where −60 dBFS must be measurable, so
 * a window whose leakage stays below −92 dB is needed; a Hann window's −31 dB side lobes would not do.
 */
public final class ToneLevel {
    private static final double A0 = 0.35875;
    private static final double A1 = 0.48829;
    private static final double A2 = 0.14128;
    private static final double A3 = 0.01168;
    private static final double FULL_SCALE = 32768.0;

    private ToneLevel() {
    }

    /** dBFS of the component at {@code hz} in {@code samples[from..to)}; −∞ for silence. */
    public static double dbfs(short[] samples, int from, int to, double hz, int sampleRate) {
        int n = to - from;
        if (n < 2 || from < 0 || to > samples.length) {
            throw new IllegalArgumentException("need 2 <= from..to <= " + samples.length + ", was " + from + ".." + to);
        }
        double omega = 2 * Math.PI * hz / sampleRate;
        double re = 0;
        double im = 0;
        double windowSum = 0;
        for (int i = 0; i < n; i++) {
            double phase = 2 * Math.PI * i / (n - 1);
            double w = A0 - A1 * Math.cos(phase) + A2 * Math.cos(2 * phase) - A3 * Math.cos(3 * phase);
            double x = samples[from + i] * w;
            re += x * Math.cos(omega * i);
            im -= x * Math.sin(omega * i);
            windowSum += w;
        }
        double amplitude = 2 * Math.hypot(re, im) / windowSum;
        return amplitude == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(amplitude / FULL_SCALE);
    }
}
