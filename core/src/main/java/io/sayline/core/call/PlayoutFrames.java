package io.sayline.core.call;

import io.sayline.core.speech.FrameOutput;
import io.sayline.rtp.playout.PlayoutBuffer;
import io.sayline.rtp.session.RtpSession;

/**
 * The speaker's view of the call's playout buffer. The RTP session creates the buffer when media starts
 * (the caller's ACK); until then this reports itself full, so the speaker holds frames back and pumps
 * them in once media flows. On the call loop.
 */
final class PlayoutFrames implements FrameOutput {
    private RtpSession rtp;

    PlayoutFrames(RtpSession rtp) {
        this.rtp = rtp;
    }

    private PlayoutBuffer buffer() {
        return rtp == null ? null : rtp.playout();
    }

    @Override
    public void offer(byte[] frame, Object tag) {
        // The speaker honours isFull(), so the buffer's hard cap is never reached; were it reached, the
        // buffer would count the refused frame (PlayoutStats.rejectedFrames) rather than lose it silently.
        buffer().offer(frame, tag);
    }

    @Override
    public void endOfUtterance(Object tag) {
        buffer().endOfUtterance(tag);
    }

    @Override
    public void mark(String name) {
        buffer().mark(name);
    }

    @Override
    public boolean isFull() {
        PlayoutBuffer buffer = buffer();
        return buffer == null || buffer.isFull();
    }

    @Override
    public void clear() {
        PlayoutBuffer buffer = buffer();
        if (buffer != null) {
            buffer.clear();
        }
    }

    /** The call ended: nothing more goes anywhere. */
    void detach() {
        rtp = null;
    }
}
