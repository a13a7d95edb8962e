package io.sayline.core.listen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The bot's {@code listen} (protocol v1.1): each caller frame of the {@link CallerTimeline}, encoded by a
 * {@link ListenFrameEncoder}, written to the bot as one binary WebSocket frame.
 *
 * <p>A bot that reads too slowly must not hold the call back nor make it hoard memory: a frame is written only
 * while the channel is {@link AudioChannel#writable() writable}; otherwise it waits in a queue of at most
 * {@value #MAX_QUEUED_FRAMES} frames, and when that is full the <em>oldest</em> is dropped (the bot wants the
 * freshest audio), counted, and the bot is told with one {@code listen.overflow} event carrying the number
 * dropped, sent when the channel drains again (so it arrives right after the audio that did get through).
 *
 * <p>On the call loop (guarded by call loop). The frames' buffers come from the channel's pooled allocator.
 */
public final class AudioForwarder implements CallerFrameListener {
    /** Frames held while the bot's socket is full: 0.5 s. Beyond, the oldest go. */
    static final int MAX_QUEUED_FRAMES = 25;

    private final AudioChannel channel;
    private final ListenCounters counters;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>(MAX_QUEUED_FRAMES + 1);

    // guarded by call loop
    private ListenFrameEncoder encoder; // null while not listening
    private Command.Listen current = Command.Listen.stop();
    private long forwarded;
    private long overflowDropped;
    private long unreported;

    public AudioForwarder(AudioChannel channel, ListenCounters counters) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /**
     * Applies a {@code listen} command: starts (or changes format from the next frame) or stops. Stopping
     * discards the frames still waiting for a slow bot (counted as dropped, and reported).
     */
    public void apply(Command.Listen listen) {
        if (listen.equals(current)) {
            return; // the same again: keep the resampler's history
        }
        current = listen;
        if (listen.enabled()) {
            encoder = new ListenFrameEncoder(listen.format(), listen.rate());
        } else {
            encoder = null;
            discardQueued();
            report();
        }
    }

    public boolean listening() {
        return encoder != null;
    }

    @Override
    public void onCallerFrame(CallerFrame frame) {
        ByteBufAllocator alloc = channel.alloc();
        if (encoder == null || alloc == null) {
            return;
        }
        ByteBuf out = alloc.buffer(encoder.frameBytes());
        encoder.encode(frame, out);
        queue.add(out);
        if (queue.size() > MAX_QUEUED_FRAMES) {
            queue.poll().release();
            dropped(1);
        }
        drain();
    }

    /** Writes what waits while the channel takes it; then reports drops. Also called when the bot caught up. */
    public void drain() {
        while (!queue.isEmpty() && channel.writable()) {
            if (channel.sendBinary(queue.poll())) {
                forwarded++;
                counters.framesForwarded.increment();
            }
        }
        if (queue.isEmpty()) {
            report();
        }
    }

    /**
     * Stops and forgets (the call ends, or its bot connection is replaced or gone), releasing what waits; drops
     * not yet reported are not reported: nobody is left to tell. A later {@link #apply} starts afresh.
     */
    public void close() {
        encoder = null;
        current = Command.Listen.stop();
        discardQueued();
        unreported = 0;
    }

    private void discardQueued() {
        int count = queue.size();
        ByteBuf frame;
        while ((frame = queue.poll()) != null) {
            frame.release();
        }
        dropped(count);
    }

    private void dropped(int count) {
        overflowDropped += count;
        unreported += count;
        counters.framesOverflowDropped.add(count);
    }

    private void report() {
        if (unreported > 0 && channel.writable()) {
            channel.send(new Event.ListenOverflow(unreported));
            unreported = 0;
        }
    }

    /** This call's counts; on the loop. */
    public Stats stats() {
        return new Stats(forwarded, overflowDropped);
    }

    /**
     * @param forwarded       frames written to the bot
     * @param overflowDropped frames dropped because the bot read too slowly
     */
    public record Stats(long forwarded, long overflowDropped) {
    }
}
