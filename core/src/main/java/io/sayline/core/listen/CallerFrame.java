package io.sayline.core.listen;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;

/**
 * One 20 ms frame of the caller's audio on the caller timeline, as {@link CallerTimeline} hands it to its
 * {@link CallerFrameListener}s. The timeline reuses one instance for every frame (nothing is allocated per
 * packet on the call loop): it is valid only during the listener call, so copy what you keep.
 */
public final class CallerFrame {
    private final byte[] payload = new byte[MediaFrame.BYTES];
    private long sequence;
    private long positionMs;
    private boolean lost;
    private G711Codec codec;

    CallerFrame() {
    }

    void set(long sequence, long positionMs, boolean lost, G711Codec codec) {
        this.sequence = sequence;
        this.positionMs = positionMs;
        this.lost = lost;
        this.codec = codec;
    }

    byte[] buffer() {
        return payload;
    }

    /** 0 for the call's first frame, +1 for each frame after it, lost frames included. */
    public long sequence() {
        return sequence;
    }

    /** Milliseconds from the answer (200 OK) to the start of this frame on the caller timeline. */
    public long positionMs() {
        return positionMs;
    }

    /** True when some or all of this frame was not received and is filled with the codec's silence. */
    public boolean lost() {
        return lost;
    }

    /** The call's codec: what {@link #payload()} is coded in. */
    public G711Codec codec() {
        return codec;
    }

    /**
     * The frame's {@value MediaFrame#BYTES} G.711 bytes, exactly as the caller sent them (or silence where
     * lost). The array is reused for the next frame: read it during the listener call only, never write it.
     */
    public byte[] payload() {
        return payload;
    }
}
