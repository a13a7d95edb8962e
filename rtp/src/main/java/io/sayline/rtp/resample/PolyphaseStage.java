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
 * <p>With one phase (integer decimation, 16 → 8 kHz, 48 → 16 kHz) the filter is symmetric about its
 * centre tap, so samples at equal distance are added before the multiply: half the multiplies. To
 * keep that loop vectorisable (forward indices only) a mirror of the history is kept, written
 * back to front: {@code mirror[last - k] == history[k]}.
 *
 * <p>Not thread-safe; no allocation after construction.
 */
final class PolyphaseStage {
    private final int phases;
    private final int taps;
    private final int[] coefficients;
    /** Symmetric filters only: {@code folded[j]} weighs the pair centre ± j; else null. */
    private final int[] folded;
    private final int shift;
    private final int inputShift;
    private final int inputRounding;
    private final int rounding;
    private final int wholeStep;
    private final int fractionStep;
    private final int[] history;
    private final int[] mirror;
    private final int last;

    private int count;
    private int pos;
    private int phase;

    PolyphaseStage(PolyphaseFilter filter, int decimation, int maxBlock) {
        this.phases = filter.phases();
        this.taps = filter.taps();
        this.coefficients = filter.coefficients();
        this.folded = phases == 1 ? fold(coefficients, taps) : null;
        this.inputShift = filter.inputShift();
        this.inputRounding = inputShift == 0 ? 0 : 1 << (inputShift - 1);
        this.shift = filter.shift() - inputShift;
        this.rounding = 1 << (shift - 1);
        this.wholeStep = decimation / phases;
        this.fractionStep = decimation % phases;
        this.history = new int[taps + Math.max(maxBlock, taps)];
        this.mirror = folded == null ? null : new int[history.length];
        this.last = history.length - 1;
        reset();
    }

    /** The right half of a filter symmetric about {@code taps/2 - 1} (its last tap is zero), or null. */
    private static int[] fold(int[] c, int taps) {
        int centre = taps / 2 - 1;
        if (c[taps - 1] != 0) {
            return null;
        }
        int[] half = new int[centre + 1];
        for (int j = 0; j <= centre; j++) {
            if (c[centre - j] != c[centre + j]) {
                return null;
            }
            half[j] = c[centre + j];
        }
        return half;
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
        if (mirror != null) {
            for (int i = 0; i < len; i++) {
                mirror[last - count - i] = history[count + i];
            }
        }
        count += len;
        int written = folded != null ? emitFolded(out, outOff, Integer.MAX_VALUE) : emit(out, outOff, Integer.MAX_VALUE);
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
        if (mirror != null) {
            Arrays.fill(mirror, last - count - padding + 1, last - count + 1, 0);
        }
        count += padding;
        int written = folded != null ? emitFolded(out, outOff, realEnd) : emit(out, outOff, realEnd);
        reset();
        return written;
    }

    void reset() {
        Arrays.fill(history, 0);
        if (mirror != null) {
            Arrays.fill(mirror, 0);
        }
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

    /** {@link #emit} for a symmetric single-phase filter: pairs are summed, then multiplied. */
    private int emitFolded(int[] out, int outOff, int end) {
        int written = 0;
        int[] h = history;
        int[] r = mirror;
        int[] f = folded;
        int half = f.length;
        int centreOffset = taps / 2 - 1;
        while (pos + taps <= count && pos + centreOffset < end) {
            int centre = pos + centreOffset;
            int reflected = last - centre; // r[reflected + j] == h[centre - j]
            int acc = f[0] * h[centre];
            for (int j = 1; j < half; j++) {
                acc += f[j] * (h[centre + j] + r[reflected + j]);
            }
            out[outOff + written++] = clip((acc + rounding) >> shift);
            pos += wholeStep;
        }
        return written;
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
            if (mirror != null) {
                // mirror[last - k] for k in [pos, count) moves to mirror[last - (k - pos)]
                System.arraycopy(mirror, last - count + 1, mirror, last - keep + 1, keep);
            }
            count = keep;
            pos = 0;
        }
    }
}
