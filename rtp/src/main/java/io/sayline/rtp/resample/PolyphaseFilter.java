package io.sayline.rtp.resample;

/**
 * A Kaiser-windowed sinc low-pass split into the {@code phases} sub-filters of a rational L/M
 * resampler, in fixed point. Each phase is normalised to a DC gain of exactly {@code 1 << shift}, so
 * no phase is louder than another (a per-phase gain error would modulate the output with the phase
 * pattern and show up as spurs).
 *
 * <p>Design after Kaiser (1974), as in Oppenheim &amp; Schafer, <i>Discrete-Time Signal Processing</i>,
 * §7.5.3: {@code beta = 0.1102 (A - 8.7)} and {@code N = (A - 7.95) / (2.285 Δω)}.
 *
 * @param phases      L, sub-filters, one per output position between two input samples
 * @param taps        taps per phase, even
 * @param coefficients phase-major: phase p uses {@code coefficients[p * taps .. p * taps + taps)}
 * @param shift       the fixed-point scale: coefficients sum to {@code 1 << shift} per phase
 * @param inputShift  input bits dropped (with rounding) before filtering, see {@link #COEFFICIENT_BITS}
 */
record PolyphaseFilter(int phases, int taps, int[] coefficients, int shift, int inputShift) {
    /** The largest magnitude a stage's input may have: signed 16-bit. */
    static final int MAX_INPUT = 1 << 15;
    /**
     * Coefficient precision. Measured: with 14 fractional bits the coefficient rounding alone limits a
     * 74 dB design to about 66 dB; 16 bits leave it near 78 dB. A sharp filter's coefficients have an
     * absolute sum above 2, so to keep every sum of products inside an int accumulator (overflow must
     * be impossible, not unlikely) the sharpest stage drops up to 2 input bits first. That is 14-bit
     * resolution, finer than G.711's smallest step (8 for μ-law, 16 for A-law, in 16-bit units).
     */
    static final int COEFFICIENT_BITS = 16;
    private static final int MAX_INPUT_SHIFT = 3;

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
        return quantise(real);
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
        return quantise(real);
    }

    /** Fixed point: each phase's taps sum to exactly {@code 1 << shift}. */
    private static PolyphaseFilter quantise(double[][] real) {
        int phases = real.length;
        int taps = real[0].length;
        double maxAbsSum = 0;
        for (double[] phase : real) {
            double absSum = 0;
            for (double c : phase) {
                absSum += Math.abs(c);
            }
            maxAbsSum = Math.max(maxAbsSum, absSum);
        }
        // Fewest dropped input bits at which no sum of input * coefficient can overflow an int.
        int shift = COEFFICIENT_BITS;
        int inputShift = 0;
        while (inputShift < MAX_INPUT_SHIFT
                && (double) (MAX_INPUT >> inputShift) * maxAbsSum * (1L << shift) + taps >= Integer.MAX_VALUE) {
            inputShift++;
        }
        while ((double) (MAX_INPUT >> inputShift) * maxAbsSum * (1L << shift) + taps >= Integer.MAX_VALUE) {
            shift--;
        }
        int[] coefficients = new int[phases * taps];
        for (int p = 0; p < phases; p++) {
            long total = 0;
            int largest = p * taps;
            for (int m = 0; m < taps; m++) {
                int c = (int) Math.round(real[p][m] * (1L << shift));
                coefficients[p * taps + m] = c;
                total += c;
                if (Math.abs(c) > Math.abs(coefficients[largest])) {
                    largest = p * taps + m;
                }
            }
            // Rounding leaves the phase's gain a few units off; the largest tap takes the difference.
            coefficients[largest] += (int) ((1L << shift) - total);
        }
        return new PolyphaseFilter(phases, taps, coefficients, shift, inputShift);
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
