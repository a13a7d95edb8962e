package io.sayline.tools.bench;

import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.transcode.AudioFormat;
import io.sayline.rtp.transcode.Transcoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * CPU per MP3 stream: one operation transcodes a 10 s vendor MP3 (fed in 1,000-byte chunks, as from
 * a socket) to PCMU frames — JLayer decode, resample to 8 kHz, G.711, framing. The {@code pcm_*}
 * params are the same audio without the MP3 decode, so the difference is the decoder's cost.
 * CPU-s per audio second = 1 / xRealTime.
 *
 * <p>The MP3 is made at set-up by the ffmpeg inside JAVE (the build's own dependency; nothing downloads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Mp3DecodeBenchmark {
    private static final int SECONDS = 10;
    private static final int CHUNK = 1000;

    @Param({"mp3_44100_128", "mp3_22050_32", "pcm_44100", "pcm_22050"})
    public String format;

    private AudioFormat vendorFormat;
    private byte[] stream;

    @Setup
    public void setUp() throws IOException, InterruptedException {
        vendorFormat = AudioFormat.parse(format);
        short[] pcm = ResamplerBenchmark.speechLike(vendorFormat.sampleRate(), SECONDS * vendorFormat.sampleRate(), 3);
        byte[] le = new byte[pcm.length * 2];
        ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(pcm);
        stream = vendorFormat.encoding() == AudioFormat.Encoding.MP3 ? encodeMp3(le, vendorFormat) : le;
    }

    @Benchmark
    public long transcodeTenSeconds(RealTime realTime, Blackhole blackhole) {
        Transcoder transcoder = Transcoder.create(vendorFormat, G711Codec.PCMU, blackhole::consume);
        for (int off = 0; off < stream.length; off += CHUNK) {
            transcoder.write(stream, off, Math.min(CHUNK, stream.length - off));
        }
        transcoder.end();
        realTime.xRealTime += SECONDS;
        return transcoder.framesOut();
    }

    private static byte[] encodeMp3(byte[] pcm, AudioFormat format) throws IOException, InterruptedException {
        Path in = Files.createTempFile("sayline-bench", ".pcm");
        Path out = Files.createTempFile("sayline-bench", ".mp3");
        try {
            Files.write(in, pcm);
            String rate = Integer.toString(format.sampleRate());
            Process p = new ProcessBuilder(List.of(new DefaultFFMPEGLocator().getExecutablePath(), "-nostdin",
                    "-hide_banner", "-loglevel", "error", "-y", "-f", "s16le", "-ar", rate, "-ac", "1", "-i",
                    in.toString(), "-c:a", "libmp3lame", "-b:a", format.bitrateKbps() + "k", "-ar", rate,
                    "-id3v2_version", "0", "-write_xing", "0", "-f", "mp3", out.toString()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IOException("ffmpeg exited with " + p.exitValue());
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
