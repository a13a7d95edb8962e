package io.sayline.rtp.resample;

import java.util.Arrays;

/**
 * One rational resampling stage, L/M, streaming: the filter history is kept across calls, so input
 * split anywhere gives the same output as unsplit input. Works on int samples in the signed 16-bit
 * range and clips its output to that range, so the next stage's accumulator cannot overflow.
 *
 * <p>Output sample n sits at input instant {@code n·M/L}: integer part {@code pos + taps/2 - 1} in
 * the history, fractional part {@code phase/L}. The history starts with {@code taps/2 - 1} zeros so
 * that output 0 is aligned with input 0 (the filter delay is compensated, not added).
 *
 * <p>With one phase (integer decimation by M: 16 → 8 kHz, 48 → 16 kHz) the loops are turned
 * inside out: the history is split into its M interleaved sub-sequences and each tap adds
 * {@code coefficient × sub-sequence} to a whole block of outputs at once. That inner loop has no
 * reduction and C2 vectorises it; the per-output dot product it replaces did not (measured: the
 * symmetric "folded" dot product ran at the same speed with -XX:-UseSuperWord).
 *
 * <p>Not thread-safe; no allocation after construction.
 */
final class PolyphaseStage {
    private final int phases;
    private final int taps;
    private final int[] coefficients;
    /** Single phase only: taps regrouped by sub-sequence, {@code byResidue[p * perResidue + q] = c[M q + p]}; else null. */
    private final int[] byResidue;
    private final int perResidue;
    private final int[][] subsequences;
    private final int[] sums;
    private final int shift;
    private final int inputShift;
    private final int inputRounding;
    private final int rounding;
    private final int wholeStep;
    private final int fractionStep;
    private final int[] history;

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
        this.history = new int[taps + Math.max(maxBlock, taps)];
        if (phases == 1) {
            perResidue = (taps + decimation - 1) / decimation;
            byResidue = new int[decimation * perResidue];
            for (int m = 0; m < taps; m++) {
                byResidue[(m % decimation) * perResidue + m / decimation] = coefficients[m];
            }
            int maxOutputs = history.length / decimation + 1;
            sums = new int[maxOutputs];
            subsequences = new int[decimation][maxOutputs + perResidue];
        } else {
            perResidue = 0;
            byResidue = null;
            sums = null;
            subsequences = null;
        }
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
        for (int i = 0; i < len; i++) {
            history[count + i] = (in[off + i] + inputRounding) >> inputShift;
        }
        count += len;
        int written = byResidue != null ? emitDecimating(out, outOff, Integer.MAX_VALUE) : emit(out, outOff, Integer.MAX_VALUE);
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
        Arrays.fill(history, count, count + padding, 0);
        count += padding;
        int written = byResidue != null ? emitDecimating(out, outOff, realEnd) : emit(out, outOff, realEnd);
        reset();
        return written;
    }

    void reset() {
        Arrays.fill(history, 0);
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
            out[outOff + written++] = clip((acc + rounding) >> shift);
            pos += wholeStep;
            phase += fractionStep;
            if (phase >= phases) {
                phase -= phases;
                pos++;
            }
        }
        return written;
    }

    /** {@link #emit} for integer decimation: a block of outputs at once, tap by tap. */
    private int emitDecimating(int[] out, int outOff, int end) {
        int step = wholeStep;
        int centreOffset = taps / 2 - 1;
        int available = count - taps - pos;
        if (available < 0) {
            return 0;
        }
        int n = available / step + 1;
        int beforeEnd = end - 1 - centreOffset - pos; // flush: only outputs inside the real input
        if (end != Integer.MAX_VALUE) {
            n = beforeEnd < 0 ? 0 : Math.min(n, beforeEnd / step + 1);
        }
        if (n == 0) {
            return 0;
        }
        int[] h = history;
        int length = n + perResidue - 1;
        for (int p = 0; p < step; p++) {
            int[] sub = subsequences[p];
            for (int i = 0, k = pos + p; i < length; i++, k += step) {
                sub[i] = k < count ? h[k] : 0;
            }
        }
        int[] acc = sums;
        Arrays.fill(acc, 0, n, 0);
        for (int p = 0; p < step; p++) {
            int[] sub = subsequences[p];
            int base = p * perResidue;
            int q = 0;
            // Four taps per pass: one load and store of the sums per four multiply-adds.
            for (; q + 3 < perResidue; q += 4) {
                int c0 = byResidue[base + q];
                int c1 = byResidue[base + q + 1];
                int c2 = byResidue[base + q + 2];
                int c3 = byResidue[base + q + 3];
                for (int i = 0; i < n; i++) {
                    acc[i] += c0 * sub[i + q] + c1 * sub[i + q + 1] + c2 * sub[i + q + 2] + c3 * sub[i + q + 3];
                }
            }
            for (; q < perResidue; q++) {
                int c = byResidue[base + q];
                for (int i = 0; i < n; i++) {
                    acc[i] += c * sub[i + q];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            out[outOff + i] = clip((acc[i] + rounding) >> shift);
        }
        pos += n * step;
        return n;
    }

    private static int clip(int y) {
        return y > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(y, Short.MIN_VALUE);
    }

    /** Drops history no future output needs, so the next block fits. */
    private void compact() {
        if (pos >= count) {
            pos -= count;
            count = 0;
        } else if (pos > 0) {
            int keep = count - pos;
            System.arraycopy(history, pos, history, 0, keep);
            count = keep;
            pos = 0;
        }
    }
}
