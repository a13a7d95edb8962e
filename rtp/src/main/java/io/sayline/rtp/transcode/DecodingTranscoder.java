package io.sayline.rtp.transcode;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.resample.Resampler;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * decode → resample to 8 kHz → G.711 encode → frames. The resampler is created for the rate the
 * decoder reports (for MP3 that is the rate in the frame headers, which wins over the configured
 * name); the rate changing mid-stream flushes the old resampler and starts a new one.
 */
final class DecodingTranscoder implements Transcoder, SampleSink {
    private static final Logger LOG = LoggerFactory.getLogger(DecodingTranscoder.class);
    /** Resampler input per call, so the output buffer below has a fixed size. */
    private static final int PIECE = 1024;
    /**
     * Resamplers of ended streams, per thread, for the next stream at the same rates: building one allocates its
     * filter state and buffers (about 15 KB), a tenth of everything the server allocated at 1,000 talking calls,
     * one per utterance (JFR). A flushed resampler is rewound, as good as new.
     */
    private static final ThreadLocal<ArrayDeque<Resampling>> SPARE = ThreadLocal.withInitial(ArrayDeque::new);
    /**
     * Spare resamplers kept per thread. Not "one per rate": a vendor thread ends and starts hundreds of streams a
     * second at 1,000 talking calls, and the two counts drift apart for seconds at a time, so a pool of 8 was
     * empty or full much of the time. Those misses were most of what survived each young collection (JFR's
     * promotion events: float[] and int[] of resamplers, 10.6 of 16.0 MB sampled) and of what filled the old
     * generation (0.6 MB/s). 256 (at most about 4 MB per vendor thread) cut both: 1.5 MB of float[] sampled, the
     * old generation 0.02 MB/s (docs/performance.md, "Later: compiled code the loops keep").
     */
    static final int MAX_SPARE = 256;

    private final StreamDecoder decoder;
    private final FrameAssembler frames;
    private Resampling resampling;
    private long samplesIn;
    private long lateWrites;
    private boolean ended;

    DecodingTranscoder(StreamDecoder decoder, FrameAssembler frames) {
        this.decoder = decoder;
        this.frames = frames;
    }

    @Override
    public void write(byte[] chunk, int off, int len) {
        Objects.checkFromIndexSize(off, len, chunk.length);
        if (ended) {
            lateWrites++;
            LOG.debug("dropped {} bytes written after end of utterance", len);
            return;
        }
        decoder.decode(chunk, off, len, this);
    }

    @Override
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        decoder.end(this);
        flushResampler();
        frames.finish();
        ArrayDeque<Resampling> spare = SPARE.get();
        if (resampling != null && spare.size() < MAX_SPARE) {
            spare.push(resampling);
        }
        resampling = null;
    }

    @Override
    public void samples(short[] pcm, int off, int len, int sampleRate) {
        samplesIn += len;
        if (sampleRate == MediaFrame.SAMPLE_RATE) {
            if (resampling != null) {
                flushResampler();
                resampling = null;
            }
            frames.appendLinear(pcm, off, len);
            return;
        }
        if (resampling == null || resampling.resampler.inRate() != sampleRate) {
            switchResampler(sampleRate);
        }
        for (int done = 0; done < len; done += PIECE) {
            int n = resampling.resampler.process(pcm, off + done, Math.min(PIECE, len - done), resampling.output, 0);
            frames.appendLinear(resampling.output, 0, n);
        }
    }

    private void switchResampler(int sampleRate) {
        if (resampling != null) {
            LOG.info("vendor audio changed rate {} -> {} Hz mid-stream", resampling.resampler.inRate(), sampleRate);
            flushResampler();
        }
        resampling = spareOrNew(sampleRate);
    }

    private static Resampling spareOrNew(int sampleRate) {
        for (Iterator<Resampling> spare = SPARE.get().iterator(); spare.hasNext(); ) {
            Resampling candidate = spare.next();
            if (candidate.resampler.inRate() == sampleRate) {
                spare.remove();
                return candidate;
            }
        }
        return new Resampling(sampleRate);
    }

    private void flushResampler() {
        if (resampling != null) {
            int n = resampling.resampler.flush(resampling.output, 0);
            frames.appendLinear(resampling.output, 0, n);
        }
    }

    /** Spare resamplers on this thread, for tests. */
    static int spares() {
        return SPARE.get().size();
    }

    /** A resampler to 8 kHz and the output buffer sized for it: pooled together, so neither is made per stream. */
    private static final class Resampling {
        final Resampler resampler;
        final short[] output;

        Resampling(int sampleRate) {
            resampler = new Resampler(sampleRate, MediaFrame.SAMPLE_RATE);
            output = new short[Math.max(resampler.maxOutput(PIECE), resampler.maxFlushOutput())];
        }
    }

    @Override
    public long samplesIn() {
        return samplesIn;
    }

    @Override
    public long framesOut() {
        return frames.frames();
    }

    @Override
    public long decodeErrors() {
        return decoder.errors() + lateWrites;
    }
}
