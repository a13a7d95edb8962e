package io.sayline.rtp.resample;

/**
 * Streaming sample-rate converter for mono signed 16-bit audio: polyphase FIR stages in float,
 * Kaiser-windowed sinc designs, except equiripple for the sharp stages to 8 kHz. Measured with
 * {@code sayline-tools bench ResamplerBenchmark -f 1 -wi 3 -i 5} (CPU-based, 20 ms chunks, one core,
 * 2026-11-21): 16 kHz 11,700×, 22.05 kHz 4,700×, 24 kHz 8,000×, 32 kHz 5,600×, 44.1 kHz 3,450×, 48 kHz 4,800×
 * real time (were 5,150×, 2,900×, 3,550×, 2,950×, 1,650–2,150×, 2,650× with 16-bit fixed point and Kaiser
 * sharp stages).
 *
 * <p>Specification (checked by {@code ResamplerQualityTest} with sine sweeps): towards 8 kHz the pass
 * band is flat within ±0.1 dB up to 3.4 kHz and the stop band is at least 70 dB down from 4.0 kHz; for
 * other output rates the same edges scale with the rate (0.425 and 0.5 of the output rate). Rates
 * more than twice the output (other than an exact 3:1) first go through a cheap stage to twice the
 * output rate (transition 0.425·out .. 1.5·out, whose aliases all land above out/2) and then a sharp
 * 2:1 stage: together about half the multiply-adds of one sharp stage at the input rate.
 *
 * <p>Filter history is kept across calls: a stream split anywhere gives exactly the output of the
 * unsplit stream. {@link #flush} emits the tail at the end of a stream and rewinds for the next one.
 * The filter delay is compensated: output sample n corresponds to input instant n·in/out, and a
 * stream of N input samples gives about N·out/in outputs in total. 8000 → 8000 (any equal rates) is
 * the identity.
 *
 * <p>Not thread-safe: one instance per stream, one thread at a time. Nothing is allocated after
 * construction.
 */
public final class Resampler {
    /** Input samples handled per internal block; bounds the work buffers. */
    private static final int BLOCK = 512;
    /**
     * Kaiser's A for the sharp stage of rates without an equiripple design (see {@link EquirippleTaps}):
     * 70 dB required, the rest is margin.
     */
    private static final double SHARP_STOPBAND_DB = 76;
    /**
     * Kaiser's A for the wide pre-stage: 70 dB required, with margin. Its taps grow with A and at
     * 44.1 kHz its per-output dot product is most of the resampler's cost (was 85 dB).
     */
    private static final double WIDE_STOPBAND_DB = 78;
    private static final double PASS_FRACTION = 0.425;
    /**
     * Integer ratios up to this go in one sharp stage: its block form (see PolyphaseStage) is cheaper
     * than a fractional pre-stage plus a 2:1 stage (measured for 24 → 8 kHz); beyond it the sharp
     * filter grows too long and two stages win (48 → 8 kHz).
     */
    private static final int MAX_SINGLE_DECIMATION = 3;

    /**
     * Designs are immutable and shared: a transcoder (and so a resampler) is created per utterance,
     * and the Kaiser design costs far more than the few buffers an instance needs.
     */
    private static final java.util.concurrent.ConcurrentMap<String, PolyphaseFilter> DESIGNS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final int inRate;
    private final int outRate;
    private final PolyphaseStage first;
    private final PolyphaseStage second;
    private final int[] input = new int[BLOCK];
    private final int[] middle;
    private final int[] output;

    public Resampler(int inRate, int outRate) {
        if (inRate < 1000 || inRate > 192_000 || outRate < 1000 || outRate > 192_000) {
            throw new IllegalArgumentException("rates must be 1000..192000 Hz, were " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        if (inRate == outRate) {
            first = null;
            second = null;
        } else if (inRate > 2 * outRate && !(inRate % outRate == 0 && inRate / outRate <= MAX_SINGLE_DECIMATION)) {
            int intermediate = 2 * outRate;
            first = stage(inRate, intermediate, PASS_FRACTION * outRate, 1.5 * outRate, WIDE_STOPBAND_DB);
            second = stage(intermediate, outRate, PASS_FRACTION * outRate, 0.5 * outRate, SHARP_STOPBAND_DB);
        } else {
            int narrower = Math.min(inRate, outRate);
            first = stage(inRate, outRate, PASS_FRACTION * narrower, 0.5 * narrower, SHARP_STOPBAND_DB);
            second = null;
        }
        int firstMax = first == null ? BLOCK : Math.max(first.maxOutput(BLOCK), first.maxFlushOutput());
        middle = new int[firstMax];
        int secondMax = second == null ? 0 : second.maxOutput(firstMax) + second.maxFlushOutput();
        output = new int[Math.max(firstMax, secondMax) + 1];
    }

    private static PolyphaseStage stage(int from, int to, double passHz, double stopHz, double stopbandDb) {
        int gcd = gcd(from, to);
        int phases = to / gcd;
        int decimation = from / gcd;
        String key = phases + "/" + from + "/" + passHz + "/" + stopHz + "/" + stopbandDb;
        PolyphaseFilter filter = DESIGNS.computeIfAbsent(key, k -> {
            double[] equiripple = equiripple(from, to, stopHz);
            return equiripple != null ? PolyphaseFilter.symmetric(equiripple)
                    : PolyphaseFilter.design(phases, from, passHz, stopHz, stopbandDb);
        });
        return new PolyphaseStage(filter, decimation, 2 * BLOCK);
    }

    /**
     * The sharp stages every vendor rate to 8 kHz ends in have precomputed equiripple designs, a
     * quarter to three fifths shorter than Kaiser's for the same stop band (see {@link EquirippleTaps}).
     */
    private static double[] equiripple(int from, int to, double stopHz) {
        if (to != 8000 || stopHz != 4000) {
            return null;
        }
        return switch (from) {
            case 16000 -> EquirippleTaps.SIXTEEN_TO_EIGHT;
            case 24000 -> EquirippleTaps.TWENTY_FOUR_TO_EIGHT;
            default -> null;
        };
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Most samples {@link #process} can write for {@code inLen} input samples. */
    public int maxOutput(int inLen) {
        int blocks = (inLen + BLOCK - 1) / BLOCK;
        return (int) ((long) inLen * outRate / inRate) + 2 * Math.max(blocks, 1) + 2;
    }

    /** Most samples {@link #flush} can write. */
    public int maxFlushOutput() {
        return output.length;
    }

    /**
     * Resamples {@code len} samples from {@code in[off..]}, writing to {@code out[outOff..]}, which must
     * have room for {@link #maxOutput}{@code (len)}. Returns the number of samples written.
     */
    public int process(short[] in, int off, int len, short[] out, int outOff) {
        if (first == null) {
            System.arraycopy(in, off, out, outOff, len);
            return len;
        }
        int written = 0;
        for (int done = 0; done < len; done += BLOCK) {
            int n = Math.min(BLOCK, len - done);
            for (int i = 0; i < n; i++) {
                input[i] = in[off + done + i];
            }
            int produced = first.process(input, 0, n, middle, 0);
            written += deliver(produced, out, outOff + written, false);
        }
        return written;
    }

    /** Emits the tail of the stream (the samples still inside the filter) and rewinds for a new stream. */
    public int flush(short[] out, int outOff) {
        if (first == null) {
            return 0;
        }
        int produced = first.flush(middle, 0);
        return deliver(produced, out, outOff, true);
    }

    /** Forgets the stream so far without emitting its tail. */
    public void reset() {
        if (first != null) {
            first.reset();
        }
        if (second != null) {
            second.reset();
        }
    }

    private int deliver(int produced, short[] out, int outOff, boolean flush) {
        int[] source = middle;
        int n = produced;
        if (second != null) {
            n = second.process(middle, 0, produced, output, 0);
            if (flush) {
                n += second.flush(output, n);
            }
            source = output;
        }
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (short) source[i];
        }
        return n;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
