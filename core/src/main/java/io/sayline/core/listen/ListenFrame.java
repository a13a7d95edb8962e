package io.sayline.core.listen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * One binary frame of protocol v1.1 {@code listen}, as a bot reads it (the built-in bots, the example bots,
 * tests); {@link ListenFrameEncoder} writes them and documents the layout.
 *
 * @param sequence   0 for the call's first caller frame, +1 per frame (uint32)
 * @param positionMs where the frame starts on the caller timeline, ms from the answer (uint32)
 * @param flags      bit 0 ({@link ListenFrameEncoder#FLAG_LOST}): not received, filled with silence
 * @param reserved   0 in v1.1
 * @param payload    20 ms of audio in the format the bot asked for
 */
public record ListenFrame(long sequence, long positionMs, int flags, int reserved, byte[] payload) {

    /** True when the frame was not (wholly) received from the caller and is filled with silence. */
    public boolean lost() {
        return (flags & ListenFrameEncoder.FLAG_LOST) != 0;
    }

    /**
     * Reads one binary frame's content (without moving its reader index).
     *
     * @throws IllegalArgumentException when it is shorter than the header
     */
    public static ListenFrame decode(ByteBuf frame) {
        int at = frame.readerIndex();
        int length = frame.readableBytes();
        if (length < ListenFrameEncoder.HEADER_BYTES) {
            throw new IllegalArgumentException("a listen frame has a " + ListenFrameEncoder.HEADER_BYTES
                    + "-byte header; this one has " + length + " bytes");
        }
        return new ListenFrame(frame.getUnsignedInt(at), frame.getUnsignedInt(at + 4), frame.getUnsignedShort(at + 8),
                frame.getUnsignedShort(at + 10), ByteBufUtil.getBytes(frame, at + ListenFrameEncoder.HEADER_BYTES,
                length - ListenFrameEncoder.HEADER_BYTES));
    }
}
