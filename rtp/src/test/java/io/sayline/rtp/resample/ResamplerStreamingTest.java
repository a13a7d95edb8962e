package io.sayline.rtp.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerStreamingTest {
    private static final int[] RATES = {8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000};

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16000, 22050, 24000, 32000, 44100, 48000})
    void splitAnywhereGivesTheOutputOfTheUnsplitStream(int inRate) {
        short[] in = noiseAndTone(inRate / 2 + 37, inRate);
        short[] whole = resample(new Resampler(inRate, 8000), in, new int[] {in.length});
        assertArrayEquals(whole, resample(new Resampler(inRate, 8000), in, ones(in.length)), "one-sample chunks");
        assertArrayEquals(whole, resample(new Resampler(inRate, 8000), in, new int[] {1, 3, 5, 7, 11, 13, 1021}), "odd chunks");
        Random random = new Random(inRate);
        for (int trial = 0; trial < 5; trial++) {
            int[] chunks = new int[40];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = random.nextInt(3000);
            }
            assertArrayEquals(whole, resample(new Resampler(inRate, 8000), in, chunks), "random chunks, trial " + trial);
        }
    }

    @Test
    void everyRatePairWritesNoMoreThanMaxOutputAndAboutTheRatioInTotal() {
        Random random = new Random(7);
        for (int inRate : RATES) {
            for (int outRate : new int[] {8000, 16000}) {
                Resampler resampler = new Resampler(inRate, outRate);
                short[] in = noiseAndTone(inRate, inRate);
                short[] out = new short[100_000];
                int total = 0;
                int done = 0;
                while (done < in.length) {
                    int len = Math.min(in.length - done, random.nextInt(2500));
                    int n = resampler.process(in, done, len, out, total);
                    assertTrue(n <= resampler.maxOutput(len), inRate + "->" + outRate + ": " + n + " for " + len);
                    total += n;
                    done += len;
                }
                int tail = resampler.flush(out, total);
                assertTrue(tail <= resampler.maxFlushOutput());
                total += tail;
                // one second in, one second out: output sample n is input instant n·in/out
                assertTrue(Math.abs(total - outRate) <= 1, inRate + "->" + outRate + " gave " + total);
            }
        }
    }

    @Test
    void steadyStateProcessingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int inRate : RATES) {
            Resampler resampler = new Resampler(inRate, 8000);
            short[] in = noiseAndTone(inRate / 50, inRate);
            short[] out = new short[resampler.maxOutput(in.length)];
            for (int i = 0; i < 200; i++) {
                resampler.process(in, 0, in.length, out, 0);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 500; i++) {
                resampler.process(in, 0, in.length, out, 0);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // the measuring call itself may allocate a few bytes; a per-chunk buffer would be ≥ 500 × 16
            assertTrue(allocated < 1024, inRate + " Hz: " + allocated + " bytes for 500 chunks");
        }
    }

    @Test
    void equalRatesAreTheIdentity() {
        short[] in = noiseAndTone(1234, 8000);
        Resampler resampler = new Resampler(8000, 8000);
        short[] out = new short[in.length];
        assertEquals(in.length, resampler.process(in, 0, in.length, out, 0));
        assertEquals(0, resampler.flush(out, 0));
        assertArrayEquals(in, out);
    }

    @Test
    void flushRewindsSoTheNextStreamComesOutAsFromAFreshResampler() {
        short[] a = noiseAndTone(5000, 44100);
        short[] b = noiseAndTone(7000, 44100);
        Resampler reused = new Resampler(44100, 8000);
        resample(reused, a, new int[] {a.length});
        assertArrayEquals(resample(new Resampler(44100, 8000), b, new int[] {b.length}),
                resample(reused, b, new int[] {b.length}));
    }

    @Test
    void dcPassesAtUnityGainAfterSettling() {
        for (int inRate : RATES) {
            short[] in = new short[inRate / 10];
            Arrays.fill(in, (short) 12345);
            short[] out = resample(new Resampler(inRate, 8000), in, new int[] {in.length});
            // float taps normalised to unity gain per phase; rounding happens once, at the output
            assertEquals(12345, out[out.length / 2], 4, inRate + " Hz");
        }
    }

    @Test
    void fullScaleSquareWaveClipsInsteadOfWrappingAround() {
        for (int inRate : RATES) {
            int halfPeriod = inRate / 200; // 100 Hz, every edge overshoots past full scale (Gibbs)
            short[] in = new short[inRate / 5];
            for (int i = 0; i < in.length; i++) {
                in[i] = (i / halfPeriod) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
            }
            short[] out = resample(new Resampler(inRate, 8000), in, new int[] {in.length});
            for (int n = 0; n < out.length; n++) {
                int instant = (int) ((long) n * inRate / 8000);
                int fromEdge = Math.min(instant % halfPeriod, halfPeriod - instant % halfPeriod);
                if (instant > 3 * halfPeriod / 2 && fromEdge > halfPeriod / 4) {
                    // a wrapped int accumulator would flip the sign of the overshoot
                    assertEquals(in[instant] > 0, out[n] > 0, inRate + " Hz, sample " + n);
                    assertTrue(Math.abs(out[n]) > 30000, inRate + " Hz, sample " + n + " = " + out[n]);
                }
            }
        }
    }

    /** Feeds {@code in} in chunks of the given sizes (cycled), then flushes. */
    static short[] resample(Resampler resampler, short[] in, int[] chunks) {
        short[] out = new short[resampler.maxOutput(in.length) * 2 + resampler.maxFlushOutput() + in.length];
        int total = 0;
        int done = 0;
        for (int c = 0; done < in.length; c++) {
            int len = Math.min(in.length - done, chunks[c % chunks.length]);
            total += resampler.process(in, done, len, out, total);
            done += len;
        }
        total += resampler.flush(out, total);
        return Arrays.copyOf(out, total);
    }

    private static int[] ones(int n) {
        return new int[] {1};
    }

    static short[] noiseAndTone(int samples, int rate) {
        Random random = new Random(samples);
        short[] x = new short[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate) + random.nextGaussian() * 3000);
        }
        return x;
    }
}
