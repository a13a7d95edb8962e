package io.sayline.rtp.pacer;

/**
 * Something that sends one frame every 20 ms: an RTP session. {@link #tick()} is called by the
 * {@link Pacer} on the stream's event loop, once per frame slot, and must not block.
 */
@FunctionalInterface
public interface PacedStream {

    /** Send (or decide not to send) the frame for the current 20 ms slot. Runs on the pacer's loop. */
    void tick();
}
