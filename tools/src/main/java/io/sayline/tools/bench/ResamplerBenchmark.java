package io.sayline.tools.bench;

import io.sayline.rtp.resample.Resampler;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Resampler throughput, each vendor rate to 8 kHz, in 20 ms chunks (a typical vendor chunk is
 * 20–250 ms). One operation is 20 ms of audio, so ops/s ÷ 50 = × real time per core; the
 * {@code xRealTime} secondary result says it directly. Goal (docs/architecture.md, "Performance targets"):
 * ≥ 3,000×.
 *
 * <p>{@code java -jar tools/target/sayline-tools.jar bench ResamplerBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResamplerBenchmark {
    private static final double CHUNK_SECONDS = 0.02;

    @Param({"16000", "22050", "24000", "32000", "44100", "48000"})
    public int inRate;

    private Resampler resampler;
    private short[] in;
    private short[] out;

    @Setup
    public void setUp() {
        resampler = new Resampler(inRate, 8000);
        in = speechLike(inRate, (int) (inRate * CHUNK_SECONDS), 1);
        out = new short[resampler.maxOutput(in.length)];
    }

    @Benchmark
    public int resampleTo8k(RealTime realTime) {
        realTime.xRealTime += CHUNK_SECONDS;
        return resampler.process(in, 0, in.length, out, 0);
    }

    /** Tones plus noise at speech level: the resampler's cost does not depend on content, but JIT profiles might. */
    static short[] speechLike(int rate, int samples, long seed) {
        Random random = new Random(seed);
        short[] x = new short[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (short) (6000 * Math.sin(2 * Math.PI * 180 * i / rate) + 3000 * Math.sin(2 * Math.PI * 1300 * i / rate)
                    + 1000 * random.nextGaussian());
        }
        return x;
    }
}
