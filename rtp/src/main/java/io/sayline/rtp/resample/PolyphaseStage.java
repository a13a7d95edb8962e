package io.sayline.rtp.resample;

/**
 * One rational resampling stage, L/M, streaming: the filter history is kept across calls, so input
 * split anywhere gives the same output as unsplit input. Works on int samples in the signed 16-bit
 * range and clips its output to that range, so the next stage's accumulator cannot overflow.
 *
 * <p>Output sample n sits at input instant {@code n·M/L}: integer part {@code pos + taps/2 - 1} in
 * the history, fractional part {@code phase/L}. The history starts with {@code taps/2 - 1} zeros so
 * that output 0 is aligned with input 0 (the filter delay is compensated, not added).
 *
 * <p>Not thread-safe; no allocation after construction.
 */
final class PolyphaseStage {
    private final int phases;
    private final int taps;
    private final int[] coefficients;
    private final int shift;
    private final int inputShift;
    private final int inputRounding;
    private final int rounding;
    private final int wholeStep;
    private final int fractionStep;
    private final int[] history;
    private final int maxBlock;

    private int count;
    private int pos;
    private int phase;

    PolyphaseStage(PolyphaseFilter filter, int decimation, int maxBlock) {
        this.phases = filter.phases();
        this.taps = filter.taps();
        this.coefficients = filter.coefficients();
        this.inputShift = filter.inputShift();
        this.inputRounding = inputShift == 0 ? 0 : 1 << (inputShift - 1);
        this.shift = filter.shift() - inputShift;
        this.rounding = 1 << (shift - 1);
        this.wholeStep = decimation / phases;
        this.fractionStep = decimation % phases;
        this.maxBlock = Math.max(maxBlock, taps);
        this.history = new int[taps + this.maxBlock];
        reset();
    }

    /** Most output samples one call of {@link #process} with {@code len} input samples may give. */
    int maxOutput(int len) {
        return (int) (((long) len * phases + phases - 1) / (wholeStep * phases + fractionStep)) + 1;
    }

    /** Most output samples {@link #flush} may give. */
    int maxFlushOutput() {
        return maxOutput(taps / 2);
    }

    /** Filters {@code len <= maxBlock} samples; returns how many were written to {@code out}. */
    int process(int[] in, int off, int len, int[] out, int outOff) {
        if (inputShift == 0) {
            System.arraycopy(in, off, history, count, len);
        } else {
            for (int i = 0; i < len; i++) {
                history[count + i] = (in[off + i] + inputRounding) >> inputShift;
            }
        }
        count += len;
        int written = emit(out, outOff, Integer.MAX_VALUE);
        compact();
        return written;
    }

    /**
     * Emits the outputs that lie within the input seen so far, by feeding zeros behind it, then
     * returns to the initial state.
     */
    int flush(int[] out, int outOff) {
        int realEnd = count;
        int padding = taps / 2;
        java.util.Arrays.fill(history, count, count + padding, 0);
        count += padding;
        int written = emit(out, outOff, realEnd);
        reset();
        return written;
    }

    void reset() {
        java.util.Arrays.fill(history, 0);
        count = taps / 2 - 1;
        pos = 0;
        phase = 0;
    }

    /** Computes outputs while the full window is in the history and the output instant is before {@code end}. */
    private int emit(int[] out, int outOff, int end) {
        int written = 0;
        int[] h = history;
        int[] c = coefficients;
        int n = taps;
        int centreOffset = taps / 2 - 1;
        while (pos + n <= count && pos + centreOffset < end) {
            int base = phase * n;
            int start = pos;
            int acc = 0;
            for (int m = 0; m < n; m++) {
                acc += h[start + m] * c[base + m];
            }
            int y = (acc + rounding) >> shift;
            out[outOff + written++] = y > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(y, Short.MIN_VALUE);
            pos += wholeStep;
            phase += fractionStep;
            if (phase >= phases) {
                phase -= phases;
                pos++;
            }
        }
        return written;
    }

    /** Drops history no future output needs, so the next block fits. */
    private void compact() {
        if (pos >= count) {
            pos -= count;
            count = 0;
        } else if (pos > 0) {
            System.arraycopy(history, pos, history, 0, count - pos);
            count -= pos;
            pos = 0;
        }
    }
}
