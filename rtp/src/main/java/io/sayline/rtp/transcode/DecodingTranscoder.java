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
     * filter state (tens of KB), a tenth of everything the server allocated at 1,000 talking calls, one per
     * utterance (JFR). A flushed resampler is rewound, as good as new.
     */
    private static final ThreadLocal<ArrayDeque<Resampler>> SPARE = ThreadLocal.withInitial(ArrayDeque::new);
    /** Spare resamplers kept per thread: one per rate in use, with room for a few. */
    static final int MAX_SPARE = 8;

    private final StreamDecoder decoder;
    private final FrameAssembler frames;
    private Resampler resampler;
    private short[] resampled = new short[0];
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
        ArrayDeque<Resampler> spare = SPARE.get();
        if (resampler != null && spare.size() < MAX_SPARE) {
            spare.push(resampler);
        }
        resampler = null;
    }

    @Override
    public void samples(short[] pcm, int off, int len, int sampleRate) {
        samplesIn += len;
        if (sampleRate == MediaFrame.SAMPLE_RATE) {
            if (resampler != null) {
                flushResampler();
                resampler = null;
            }
            frames.appendLinear(pcm, off, len);
            return;
        }
        if (resampler == null || resampler.inRate() != sampleRate) {
            switchResampler(sampleRate);
        }
        for (int done = 0; done < len; done += PIECE) {
            int n = resampler.process(pcm, off + done, Math.min(PIECE, len - done), resampled, 0);
            frames.appendLinear(resampled, 0, n);
        }
    }

    private void switchResampler(int sampleRate) {
        if (resampler != null) {
            LOG.info("vendor audio changed rate {} -> {} Hz mid-stream", resampler.inRate(), sampleRate);
            flushResampler();
        }
        resampler = spareOrNew(sampleRate);
        int size = Math.max(resampler.maxOutput(PIECE), resampler.maxFlushOutput());
        if (resampled.length < size) {
            resampled = new short[size];
        }
    }

    private static Resampler spareOrNew(int sampleRate) {
        for (Iterator<Resampler> spare = SPARE.get().iterator(); spare.hasNext(); ) {
            Resampler candidate = spare.next();
            if (candidate.inRate() == sampleRate) {
                spare.remove();
                return candidate;
            }
        }
        return new Resampler(sampleRate, MediaFrame.SAMPLE_RATE);
    }

    private void flushResampler() {
        if (resampler != null) {
            int n = resampler.flush(resampled, 0);
            frames.appendLinear(resampled, 0, n);
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
