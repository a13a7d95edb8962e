package io.sayline.rtp.transcode;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;

/**
 * Cuts G.711 bytes into exact {@link MediaFrame#SAMPLES}-byte frames; the last partial frame of
 * an utterance is padded with the codec's silence, so consecutive utterances join with no gap and
 * no overlap. Each frame is a fresh array because the sink hands it to another thread.
 */
final class FrameAssembler {
    private final G711Codec codec;
    private final FrameSink sink;
    private byte[] frame = new byte[MediaFrame.SAMPLES];
    private int filled;
    private long frames;

    FrameAssembler(G711Codec codec, FrameSink sink) {
        this.codec = codec;
        this.sink = sink;
    }

    /** Appends G.711 bytes as they are (passthrough). */
    void appendCoded(byte[] codes, int off, int len) {
        int done = 0;
        while (done < len) {
            int take = Math.min(MediaFrame.SAMPLES - filled, len - done);
            System.arraycopy(codes, off + done, frame, filled, take);
            done += take;
            advance(take);
        }
    }

    /** Encodes linear 8 kHz samples and appends them. */
    void appendLinear(short[] pcm, int off, int len) {
        int done = 0;
        while (done < len) {
            int take = Math.min(MediaFrame.SAMPLES - filled, len - done);
            codec.encode(pcm, off + done, take, frame, filled);
            done += take;
            advance(take);
        }
    }

    /** Pads and emits the partial frame, if any. */
    void finish() {
        if (filled > 0) {
            java.util.Arrays.fill(frame, filled, MediaFrame.SAMPLES, codec.silence());
            advance(MediaFrame.SAMPLES - filled);
        }
    }

    long frames() {
        return frames;
    }

    private void advance(int bytes) {
        filled += bytes;
        if (filled == MediaFrame.SAMPLES) {
            byte[] full = frame;
            frame = new byte[MediaFrame.SAMPLES];
            filled = 0;
            frames++;
            sink.frame(full);
        }
    }
}
