package io.sayline.tools.elsim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * Encodes PCM to MP3 with the static ffmpeg shipped inside jave-nativebin (docs/dependencies.md, "JAVE and ffmpeg":
 * extracted once into java.io.tmpdir/jave/). One short-lived process per utterance; runs on the synthesis pool.
 * No ID3 tag and no Xing frame: the vendor's stream starts with plain MPEG frames.
 */
final class Mp3Encoder {
    private static final Logger LOG = LoggerFactory.getLogger(Mp3Encoder.class);
    private static final long TIMEOUT_SECONDS = 30;

    /** One extraction per JVM: JAVE copies the binary into java.io.tmpdir, which must not race. */
    private static String ffmpeg;

    byte[] encode(short[] pcm, int sampleRate, int kbps) throws IOException, InterruptedException {
        List<String> cmd = List.of(executable(), "-nostdin", "-hide_banner", "-loglevel", "error",
                "-f", "s16le", "-ar", Integer.toString(sampleRate), "-ac", "1", "-i", "pipe:0",
                "-c:a", "libmp3lame", "-b:a", kbps + "k", "-ar", Integer.toString(sampleRate),
                "-id3v2_version", "0", "-write_xing", "0", "-f", "mp3", "pipe:1");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteBuffer le = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        le.asShortBuffer().put(pcm);
        Thread writer = new Thread(() -> feed(p.getOutputStream(), le.array()), "el-sim-mp3-feed");
        writer.setDaemon(true);
        writer.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffmpeg did not finish within " + TIMEOUT_SECONDS + " s");
        }
        writer.join();
        if (p.exitValue() != 0) {
            throw new IOException("ffmpeg exited with " + p.exitValue());
        }
        return out.toByteArray();
    }

    private static void feed(OutputStream stdin, byte[] bytes) {
        try (OutputStream o = stdin) {
            o.write(bytes);
        } catch (IOException e) {
            LOG.warn("mp3 encoder input failed: {}", e.toString());
        }
    }

    private static synchronized String executable() {
        if (ffmpeg == null) {
            ffmpeg = new DefaultFFMPEGLocator().getExecutablePath();
        }
        return ffmpeg;
    }
}
