package io.sayline.rtp.resample;

/** Measures the amplitude of one frequency in a signal: a Hann-windowed single-bin DFT (Goertzel-style). */
final class ToneMeter {
    private ToneMeter() {
    }

    /** Peak amplitude of the component at {@code hz} in {@code x[from..to)} sampled at {@code rate}. */
    static double amplitude(short[] x, int from, int to, double hz, int rate) {
        int n = to - from;
        double omega = 2 * Math.PI * hz / rate;
        double re = 0;
        double im = 0;
        double windowSum = 0;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            re += w * x[from + i] * Math.cos(omega * i);
            im -= w * x[from + i] * Math.sin(omega * i);
            windowSum += w;
        }
        return 2 * Math.hypot(re, im) / windowSum;
    }

    static short[] sine(double hz, int rate, int samples, double amplitude) {
        short[] x = new short[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }
}
