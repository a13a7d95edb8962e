package io.sayline.rtp.transcode;

import java.io.InputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MP3 (Layer III) to PCM, in process, with JLayer, fed by chunks split anywhere.
 *
 * <p><b>Why JLayer and not ffmpeg.</b> Both were measured on this machine (2 cores, Java 17) decoding
 * the same 60 s, 44.1 kHz mono 128 kbit/s MP3 (2026-11-21):
 * <table>
 * <caption>CPU per second of audio</caption>
 * <tr><th>decoder</th><th>how fed</th><th>CPU-s per audio-s</th><th>first PCM after first chunk</th></tr>
 * <tr><td>JLayer 1.0.1.4 (this class)</td><td>1000-byte chunks, warm</td><td>0.0021</td><td>≈ 2 ms</td></tr>
 * <tr><td>ffmpeg 4.4.1 (JAVE), flags from docs/dependencies.md</td><td>whole file through the pipe</td>
 *     <td>0.0005</td><td>-</td></tr>
 * <tr><td>ffmpeg, same flags, {@code -ar 8000}</td><td>20 streams, 2000 B / 25 ms (5× real time)</td>
 *     <td>0.0022 (ffmpeg process only)</td><td>2–112 ms</td></tr>
 * <tr><td>ffmpeg, same</td><td>20 streams, 500 B / 6 ms</td><td>0.0025 (ffmpeg process only)</td><td>17–81 ms</td></tr>
 * </table>
 * ffmpeg is 4× cheaper in bulk, but vendor audio arrives as a stream of small chunks, and fed that way
 * its process costs as much CPU as JLayer before counting the JVM's side of the pipes; the measurements in
 * docs/dependencies.md ("JAVE and ffmpeg") saw 0.004–0.005 with 300 streams.
 * Beyond CPU, ffmpeg means one process (14 MB RSS, ≈ 1.2 MB proportional), three pipes and two
 * Java threads (stdout reader, stderr drainer) per concurrent
 * stream (1,000 at target load), a 77 MB binary extracted at start-up, and a probing delay that needs
 * flags to tame (docs/dependencies.md, "JAVE and ffmpeg"); JLayer runs on the vendor thread that already
 * holds the chunk.
 *
 * <p>Memory (measured, 500 live streams): ≈ 220 KB of heap per live MP3 stream, 128 KB of it JLayer's
 * bit reservoir ({@code BitReserve}, one int per bit) and 8 KB the {@code BufferedInputStream} its
 * {@code Bitstream} always adds — above the 200 KB per call of docs/architecture.md ("Performance targets"),
 * for as long as an utterance is being received. pcm_* streams take 20–30 KB, ulaw/alaw passthrough under
 * 1 KB: prefer those at scale.
 * Why the reservoir is not made smaller: in JLayer 1.0.1.4 {@code BitReserve.buf} is a private final
 * {@code int[4096 * 8]} indexed through the compile-time mask {@code BUFSIZE_MASK = BUFSIZE - 1}, so
 * neither a constructor argument nor swapping the array (reflection) can shrink it; it takes a fork of
 * that class (LGPL) with one bit per bit (4 KB: Layer III reservoirs reach back at most 511 bytes plus one
 * frame), which would bring a stream to ≈ 95 KB. Not done: a second copy of a decoder class to maintain,
 * for a format the spec already steers away from at scale. CPU (bench Mp3DecodeBenchmark, 2026-11-21,
 * CPU-based): mp3_44100_128 transcodes to PCMU at ≈ 465× real time (0.0021 CPU-s per audio-s, of which
 * the MP3 decode ≈ 0.0017), mp3_22050_32 at ≈ 1,050× (0.0010, decode ≈ 0.0006).
 *
 * <p>Streaming: {@link Mp3FrameSplitter} reassembles whole frames; each frame is handed to JLayer's
 * {@link Bitstream} through an {@link InputStream} that holds exactly the frames queued so far, so
 * JLayer never blocks and never sees half a frame. The Layer III bit reservoir (frames borrowing bits
 * from earlier ones) lives in the JLayer {@link Decoder}, which persists across frames.
 *
 * <p>Bad input: junk between frames is skipped and counted; a frame whose parameters differ from
 * the first frame's, or that JLayer fails on, is dropped and counted, and JLayer is started afresh
 * (its state after an exception is not trusted).
 */
final class Mp3StreamDecoder implements StreamDecoder, Mp3FrameSplitter.FrameConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(Mp3StreamDecoder.class);
    /** One MPEG-1 Layer III frame: 1152 samples per channel. */
    private static final int MAX_FRAME_SAMPLES = 1152;

    private final Mp3FrameSplitter splitter = new Mp3FrameSplitter();
    private final FrameQueue queue = new FrameQueue();
    private final short[] mono = new short[MAX_FRAME_SAMPLES];
    private Bitstream bitstream;
    private Decoder decoder;
    private Mp3FrameHeader first;
    private SampleSink sink;
    private long badFrames;

    Mp3StreamDecoder() {
        restartJLayer();
    }

    @Override
    public void decode(byte[] chunk, int off, int len, SampleSink sink) {
        this.sink = sink;
        splitter.write(chunk, off, len, this);
    }

    @Override
    public void end(SampleSink sink) {
        splitter.end();
    }

    @Override
    public long errors() {
        return splitter.junkRuns() + badFrames;
    }

    @Override
    public void frame(byte[] data, int off, int len, Mp3FrameHeader header) {
        if (first == null) {
            first = header;
        } else if (!header.sameStreamAs(first)) {
            badFrames++;
            LOG.debug("dropped MP3 frame with different parameters: {} vs {}", header, first);
            return;
        }
        queue.put(data, off, len);
        try {
            Header parsed = bitstream.readFrame();
            if (parsed == null) {
                throw new BitstreamException(BitstreamException.INVALIDFRAME, null);
            }
            SampleBuffer output = (SampleBuffer) decoder.decodeFrame(parsed, bitstream);
            bitstream.closeFrame();
            deliver(output, header.sampleRate());
        } catch (BitstreamException | DecoderException | RuntimeException e) {
            // JLayer signals corrupt data with checked exceptions and, for some corruptions, with
            // index errors from its tables: either way the frame is lost and the decoder restarted.
            badFrames++;
            LOG.debug("dropped undecodable MP3 frame: {}", e.toString());
            restartJLayer();
        }
    }

    private void deliver(SampleBuffer output, int sampleRate) {
        short[] pcm = output.getBuffer();
        int length = output.getBufferLength();
        if (output.getChannelCount() == 1) {
            sink.samples(pcm, 0, length, sampleRate);
            return;
        }
        int frames = Math.min(length / 2, mono.length);
        for (int i = 0; i < frames; i++) {
            mono[i] = (short) ((pcm[2 * i] + pcm[2 * i + 1]) >> 1);
        }
        sink.samples(mono, 0, frames, sampleRate);
    }

    private void restartJLayer() {
        queue.clear();
        bitstream = new Bitstream(queue);
        decoder = new Decoder();
    }

    /** The frames queued for JLayer; reading past them is end-of-stream (for now), never a block. */
    private static final class FrameQueue extends InputStream {
        private byte[] bytes = new byte[4096];
        private int start;
        private int end;

        void put(byte[] data, int off, int len) {
            if (start > 0) {
                System.arraycopy(bytes, start, bytes, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end + len > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(2 * bytes.length, end + len));
            }
            System.arraycopy(data, off, bytes, end, len);
            end += len;
        }

        void clear() {
            start = 0;
            end = 0;
        }

        @Override
        public int read() {
            return start < end ? bytes[start++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (start == end) {
                return -1;
            }
            int n = Math.min(len, end - start);
            System.arraycopy(bytes, start, b, off, n);
            start += n;
            return n;
        }

        @Override
        public int available() {
            return end - start;
        }
    }
}
