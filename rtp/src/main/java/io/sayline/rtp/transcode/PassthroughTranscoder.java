package io.sayline.rtp.transcode;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The vendor already speaks the call's codec: bytes go into frames untouched (no decode/re-encode). */
final class PassthroughTranscoder implements Transcoder {
    private static final Logger LOG = LoggerFactory.getLogger(PassthroughTranscoder.class);

    private final FrameAssembler frames;
    private long samplesIn;
    private long lateWrites;
    private boolean ended;

    PassthroughTranscoder(FrameAssembler frames) {
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
        samplesIn += len;
        frames.appendCoded(chunk, off, len);
    }

    @Override
    public void end() {
        if (!ended) {
            ended = true;
            frames.finish();
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
        return lateWrites;
    }
}
