package io.sayline.rtp.resample;

/**
 * A Kaiser-windowed sinc low-pass split into the {@code phases} sub-filters of a rational L/M
 * resampler, as float taps. Each phase is normalised (in double) to a DC gain of exactly 1, so no
 * phase is louder than another (a per-phase gain error would modulate the output with the phase
 * pattern and show up as spurs). Float taps put the coefficient-rounding floor near 140 dB, far
 * below any design here (16-bit fixed-point taps limited a 74 dB design to about 78 dB).
 *
 * <p>Design after Kaiser (1974), as in Oppenheim &amp; Schafer, <i>Discrete-Time Signal Processing</i>,
 * §7.5.3: {@code beta = 0.1102 (A - 8.7)} and {@code N = (A - 7.95) / (2.285 Δω)}.
 *
 * @param phases      L, sub-filters, one per output position between two input samples
 * @param taps        taps per phase, even
 * @param coefficients phase-major: phase p uses {@code coefficients[p * taps .. p * taps + taps)}
 */
record PolyphaseFilter(int phases, int taps, float[] coefficients) {
    /**
     * Designs the filter for resampling by {@code phases / decimation} at input rate {@code inRate}.
     *
     * @param passHz       end of the pass band
     * @param stopHz       start of the stop band
     * @param stopbandDb   attenuation in the stop band (Kaiser's A)
     */
    static PolyphaseFilter design(int phases, int inRate, double passHz, double stopHz, double stopbandDb) {
        if (!(passHz > 0 && passHz < stopHz)) {
            throw new IllegalArgumentException("need 0 < pass < stop, was " + passHz + ", " + stopHz);
        }
        double cutoff = (passHz + stopHz) / 2 / inRate; // cycles per input sample
        double deltaOmega = 2 * Math.PI * (stopHz - passHz) / inRate;
        double length = (stopbandDb - 7.95) / (2.285 * deltaOmega) + 1;
        int taps = 2 * (int) Math.ceil(length / 2);
        double beta = 0.1102 * (stopbandDb - 8.7);
        double halfWidth = taps / 2.0;
        double i0Beta = besselI0(beta);

        double[][] real = new double[phases][taps];
        for (int p = 0; p < phases; p++) {
            double sum = 0;
            for (int m = 0; m < taps; m++) {
                // Distance in input samples from tap m to the output instant of phase p.
                double d = (double) p / phases + taps / 2 - 1 - m;
                double ratio = d / halfWidth;
                double window = Math.abs(ratio) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - ratio * ratio)) / i0Beta;
                real[p][m] = 2 * cutoff * sinc(2 * cutoff * d) * window;
                sum += real[p][m];
            }
            for (int m = 0; m < taps; m++) {
                real[p][m] /= sum;
            }
        }
        return toFloat(real);
    }

    /**
     * A single-phase filter from the first half (up to and including the centre tap) of an odd-length
     * symmetric prototype whose taps sum to 1, such as an equiripple design (see {@link EquirippleTaps}).
     * A zero tap is appended to make the length even: the stage centres phase 0 on tap {@code taps/2 - 1}.
     */
    static PolyphaseFilter symmetric(double[] firstHalf) {
        int length = 2 * firstHalf.length - 1;
        double[][] real = new double[1][length + 1];
        for (int m = 0; m < firstHalf.length; m++) {
            real[0][m] = firstHalf[m];
            real[0][length - 1 - m] = firstHalf[m];
        }
        return toFloat(real);
    }

    private static PolyphaseFilter toFloat(double[][] real) {
        int phases = real.length;
        int taps = real[0].length;
        float[] coefficients = new float[phases * taps];
        for (int p = 0; p < phases; p++) {
            for (int m = 0; m < taps; m++) {
                coefficients[p * taps + m] = (float) real[p][m];
            }
        }
        return new PolyphaseFilter(phases, taps, coefficients);
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double quarterSquare = x * x / 4;
        for (int k = 1; k < 200 && term > sum * 1e-17; k++) {
            term *= quarterSquare / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}
