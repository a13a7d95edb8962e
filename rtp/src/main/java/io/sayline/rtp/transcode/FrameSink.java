package io.sayline.rtp.transcode;

import io.sayline.rtp.MediaFrame;

/** Receives the G.711 frames of an utterance, in order. */
@FunctionalInterface
public interface FrameSink {
    /** Exactly {@link MediaFrame#SAMPLES} bytes (20 ms at 8 kHz); a fresh array the sink may keep. */
    void frame(byte[] g711Frame);
}
