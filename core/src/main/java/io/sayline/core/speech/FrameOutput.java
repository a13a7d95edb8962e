package io.sayline.core.speech;

/**
 * Where a call's speech frames go: the playout buffer in front of the pacer. Touched only on the call
 * loop. Tags identify utterances in the buffer's events.
 */
public interface FrameOutput {

    /** Queues one 160-byte G.711 frame of the utterance {@code tag}. */
    void offer(byte[] frame, Object tag);

    /** No more frames of {@code tag}: its last frame may play without waiting for the start threshold. */
    void endOfUtterance(Object tag);

    /** Places a mark after the frames queued so far. */
    void mark(String name);

    /** True while the buffer holds as much as it should; the speaker holds frames back meanwhile. */
    boolean isFull();

    /** Barge-in: fades out what is playing and drops everything queued. */
    void clear();
}
