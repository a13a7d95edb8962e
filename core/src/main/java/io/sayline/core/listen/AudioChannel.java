package io.sayline.core.listen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sayline.core.control.protocol.Event;

/** Where an {@link AudioForwarder} writes: the call's control channel to its bot, on the call loop. */
public interface AudioChannel {
    /** True when a binary frame may be written now without piling up in memory for a slow bot. */
    boolean writable();

    /** The allocator to encode frames with; null while there is no connection. */
    ByteBufAllocator alloc();

    /** Writes one binary frame and takes ownership of it (released when not written); true when written. */
    boolean sendBinary(ByteBuf frame);

    /** Sends an event (never dropped for slowness: events are not audio). */
    void send(Event event);
}
