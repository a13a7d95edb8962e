package io.sayline.core.call;

import io.sayline.config.PlayoutConfig;
import io.sayline.core.speech.FrameOutput;
import io.sayline.rtp.MediaCounters;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.playout.PlayoutBuffer;
import io.sayline.rtp.playout.PlayoutListener;

/**
 * A call's outbound media from the speaker on, made with the call: the playout buffer, created as soon as the
 * codec is chosen (from the INVITE's offer, or the ACK's answer) so speech queues before media starts, then
 * handed to the RTP session when media starts, whose pacing tick takes one frame from it every 20 ms. Nothing
 * else creates or looks up the buffer. Until the codec is known it reports itself full, so the speaker holds
 * frames back. On the call loop.
 */
final class OutboundMedia implements FrameOutput {
    private final PlayoutConfig config;
    private final PlayoutListener listener;
    private final MediaCounters counters;
    private PlayoutBuffer buffer; // from codecChosen until detach

    /**
     * @param listener the buffer's events (utterance started, finished, interrupted, marks, writable), on the loop
     * @param counters the process-wide counters the buffer adds underruns and refused frames to
     */
    OutboundMedia(PlayoutConfig config, PlayoutListener listener, MediaCounters counters) {
        this.config = config;
        this.listener = listener;
        this.counters = counters;
    }

    /** The codec is known: the buffer can hold frames encoded for it. Once per call. */
    void codecChosen(G711Codec codec) {
        if (buffer == null) {
            buffer = new PlayoutBuffer(config, codec, listener, counters);
        }
    }

    /** What the RTP session plays from once media starts; null before the codec is chosen. */
    PlayoutBuffer buffer() {
        return buffer;
    }

    @Override
    public void offer(byte[] frame, Object tag) {
        // The speaker honours isFull(), so the buffer's hard cap is never reached; were it reached, the
        // buffer would count the refused frame (PlayoutStats.rejectedFrames) rather than lose it silently.
        buffer.offer(frame, tag);
    }

    @Override
    public void endOfUtterance(Object tag) {
        buffer.endOfUtterance(tag);
    }

    @Override
    public void mark(String name) {
        buffer.mark(name);
    }

    @Override
    public boolean isFull() {
        return buffer == null || buffer.isFull();
    }

    @Override
    public void clear() {
        if (buffer != null) {
            buffer.clear();
        }
    }

    /** The call ended: nothing more goes anywhere. */
    void detach() {
        buffer = null;
    }
}
