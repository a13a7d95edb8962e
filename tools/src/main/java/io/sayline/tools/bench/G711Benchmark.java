package io.sayline.tools.bench;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** G.711 table encode/decode of one 20 ms frame (160 samples); ops/s × 0.02 = × real time per core. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class G711Benchmark {
    private static final int FRAME = 160;

    @Param({"PCMU", "PCMA"})
    public G711Codec codec;

    private short[] linear;
    private final byte[] codes = new byte[FRAME];
    private final short[] decoded = new short[FRAME];

    @Setup
    public void setUp() {
        linear = ResamplerBenchmark.speechLike(8000, FRAME, 2);
        codec.encode(linear, 0, FRAME, codes, 0);
    }

    @Benchmark
    public byte[] encodeFrame(RealTime realTime) {
        realTime.xRealTime += MediaFrame.SECONDS;
        codec.encode(linear, 0, FRAME, codes, 0);
        return codes;
    }

    @Benchmark
    public short[] decodeFrame(RealTime realTime) {
        realTime.xRealTime += MediaFrame.SECONDS;
        codec.decode(codes, 0, FRAME, decoded, 0);
        return decoded;
    }
}
