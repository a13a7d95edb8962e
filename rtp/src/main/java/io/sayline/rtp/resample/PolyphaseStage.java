package io.sayline.rtp.resample;

import java.util.Arrays;

/**
 * One rational resampling stage, L/M, streaming: the filter history is kept across calls, so input
 * split anywhere gives the same output as unsplit input. Takes int samples in the signed 16-bit
 * range and rounds and clips its output to that range.
 *
 * <p>Output sample n sits at input instant {@code n·M/L}: integer part {@code pos + taps/2 - 1} in
 * the history, fractional part {@code phase/L}. The history starts with {@code taps/2 - 1} zeros so
 * that output 0 is aligned with input 0 (the filter delay is compensated, not added).
 *
 * <p>Arithmetic is float: a 24-bit mantissa keeps the rounding of a sum of products far below the
 * output's 16-bit step. Float multiplies issue twice per
 * cycle where int multiplies issue once (AMD Zen, Intel since Skylake), scalar and vector alike;
 * measured 1.1–1.3× over the int version of this class.
 *
 * <p>With one phase (integer decimation by M: 16 → 8 kHz, 48 → 16 kHz) the loops are turned
 * inside out: the history is split into its M interleaved sub-sequences and each tap adds
 * {@code coefficient × sub-sequence} to a whole block of outputs at once. That inner loop has no
 * reduction and C2 vectorises it; the per-output dot product it replaces did not (measured: the
 * symmetric "folded" dot product ran at the same speed with -XX:-UseSuperWord). With several phases
 * each output has its own phase, so the dot product stays, with four independent sums.
 *
 * <p>Not thread-safe; no allocation after construction.
 */
final class PolyphaseStage {
    private final int phases;
    private final int taps;
    private final float[] coefficients;
    /** Single phase only: taps regrouped by sub-sequence, {@code byResidue[p * perResidue + q] = c[M q + p]}; else null. */
    private final float[] byResidue;
    private final int perResidue;
    private final float[][] subsequences;
    private final float[] sums;
    /** Single phase only: four sub-sequences shifted by one tap each (see emitDecimating); else null. */
    private final float[][] shifted;
    private final int wholeStep;
    private final int fractionStep;
    private final float[] history;

    private int count;
    private int pos;
    private int phase;

    PolyphaseStage(PolyphaseFilter filter, int decimation, int maxBlock) {
        this.phases = filter.phases();
        this.taps = filter.taps();
        this.coefficients = filter.coefficients();
        this.wholeStep = decimation / phases;
        this.fractionStep = decimation % phases;
        this.history = new float[taps + Math.max(maxBlock, taps)];
        if (phases == 1) {
            perResidue = (taps + decimation - 1) / decimation;
            byResidue = new float[decimation * perResidue];
            for (int m = 0; m < taps; m++) {
                byResidue[(m % decimation) * perResidue + m / decimation] = coefficients[m];
            }
            int maxOutputs = history.length / decimation + 1;
            sums = new float[maxOutputs];
            subsequences = new float[decimation][maxOutputs + perResidue];
            shifted = new float[4][maxOutputs];
        } else {
            perResidue = 0;
            byResidue = null;
            sums = null;
            subsequences = null;
            shifted = null;
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
            history[count + i] = in[off + i];
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
        float[] h = history;
        float[] c = coefficients;
        int n = taps;
        int centreOffset = taps / 2 - 1;
        while (pos + n <= count && pos + centreOffset < end) {
            int base = phase * n;
            int start = pos;
            // Four independent sums: the multiply-adds of one output overlap instead of each waiting
            // for the last one's result.
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            int m = 0;
            for (; m + 3 < n; m += 4) {
                a0 += h[start + m] * c[base + m];
                a1 += h[start + m + 1] * c[base + m + 1];
                a2 += h[start + m + 2] * c[base + m + 2];
                a3 += h[start + m + 3] * c[base + m + 3];
            }
            for (; m < n; m++) {
                a0 += h[start + m] * c[base + m];
            }
            out[outOff + written++] = round(a0 + a1 + a2 + a3);
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
        float[] h = history;
        int length = n + perResidue - 1;
        for (int p = 0; p < step; p++) {
            float[] sub = subsequences[p];
            for (int i = 0, k = pos + p; i < length; i++, k += step) {
                sub[i] = k < count ? h[k] : 0;
            }
        }
        float[] acc = sums;
        Arrays.fill(acc, 0, n, 0);
        for (int p = 0; p < step; p++) {
            float[] sub = subsequences[p];
            int base = p * perResidue;
            int q = 0;
            // Four taps per pass: one load and store of the sums per four multiply-adds. Each tap
            // reads a copy of the sub-sequence shifted by its offset: C2 (JDK 17) vectorises a loop
            // only when every array index in it is the same expression, and sub[i + q] next to
            // acc[i] is not (measured: 2.5 GMAC/s as written that way, 10 with the copies).
            float[] t0 = shifted[0];
            float[] t1 = shifted[1];
            float[] t2 = shifted[2];
            float[] t3 = shifted[3];
            for (; q + 3 < perResidue; q += 4) {
                System.arraycopy(sub, q, t0, 0, n);
                System.arraycopy(sub, q + 1, t1, 0, n);
                System.arraycopy(sub, q + 2, t2, 0, n);
                System.arraycopy(sub, q + 3, t3, 0, n);
                float c0 = byResidue[base + q];
                float c1 = byResidue[base + q + 1];
                float c2 = byResidue[base + q + 2];
                float c3 = byResidue[base + q + 3];
                for (int i = 0; i < n; i++) {
                    acc[i] += c0 * t0[i] + c1 * t1[i] + c2 * t2[i] + c3 * t3[i];
                }
            }
            for (; q < perResidue; q++) {
                System.arraycopy(sub, q, t0, 0, n);
                float c = byResidue[base + q];
                for (int i = 0; i < n; i++) {
                    acc[i] += c * t0[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            out[outOff + i] = round(acc[i]);
        }
        pos += n * step;
        return n;
    }

    /** Nearest int (halves up, as the fixed-point version rounded), clipped to signed 16 bits. */
    private static int round(float y) {
        int r = (int) Math.floor(y + 0.5f);
        return r > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(r, Short.MIN_VALUE);
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
