package io.sayline.core.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Command.Listen.AudioFormat;
import io.sayline.core.control.protocol.Event;
import io.sayline.rtp.g711.G711Codec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forwarding and overflow against an in-memory channel whose writability the test sets (end to end over a real
 * socket: ListenEndToEndTest in tools).
 */
class AudioForwarderTest {
    private final Channel channel = new Channel();
    private final ListenCounters counters = new ListenCounters();
    private final AudioForwarder forwarder = new AudioForwarder(channel, counters);
    private final CallerFrame frame = new CallerFrame();

    /** A control channel reduced to what the forwarder sees. */
    static final class Channel implements AudioChannel {
        boolean writable = true;
        final List<Long> sequences = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
        final List<ByteBuf> held = new ArrayList<>();

        @Override
        public boolean writable() {
            return writable;
        }

        @Override
        public ByteBufAllocator alloc() {
            return UnpooledByteBufAllocator.DEFAULT;
        }

        @Override
        public boolean sendBinary(ByteBuf frame) {
            sequences.add(frame.getUnsignedInt(0));
            frame.release();
            return true;
        }

        @Override
        public void send(Event event) {
            events.add(event);
        }
    }

    private void callerFrames(int from, int count) {
        for (int i = from; i < from + count; i++) {
            frame.set(i, i * 20L, false, G711Codec.PCMU);
            forwarder.onCallerFrame(frame);
        }
    }

    @Test
    void nothingIsSentUntilTheBotAsksAndNothingAfterItStops() {
        callerFrames(0, 3);
        forwarder.apply(Command.Listen.start(AudioFormat.ULAW, 8000));
        callerFrames(3, 2);
        forwarder.apply(Command.Listen.stop());
        callerFrames(5, 2);
        assertEquals(List.of(3L, 4L), channel.sequences);
        assertEquals(2, forwarder.stats().forwarded());
        assertEquals(2, counters.framesForwarded.sum());
    }

    @Test
    void aSlowBotLosesTheOldestFramesAndIsToldHowManyOnceItCatchesUp() {
        forwarder.apply(Command.Listen.start(AudioFormat.L16, 16000));
        callerFrames(0, 1);
        channel.writable = false;
        int behind = AudioForwarder.MAX_QUEUED_FRAMES + 7;
        callerFrames(1, behind);
        assertEquals(List.of(0L), channel.sequences);
        assertEquals(List.of(), channel.events, "nothing more is written to a bot that does not read");

        channel.writable = true;
        forwarder.drain();
        List<Long> expected = new ArrayList<>(List.of(0L));
        for (long s = 1 + 7; s <= behind; s++) {
            expected.add(s); // the newest MAX_QUEUED_FRAMES survive
        }
        assertEquals(expected, channel.sequences);
        assertEquals(List.of(new Event.ListenOverflow(7)), channel.events);
        assertEquals(7, forwarder.stats().overflowDropped());
        assertEquals(7, counters.framesOverflowDropped.sum());

        callerFrames(behind + 1, 1);
        assertEquals(1, channel.events.size(), "one report per episode");
    }

    @Test
    void closingReleasesWhatWaits() {
        forwarder.apply(Command.Listen.start(AudioFormat.ULAW, 8000));
        channel.writable = false;
        callerFrames(0, 3);
        forwarder.close();
        channel.writable = true;
        forwarder.drain();
        assertEquals(List.of(), channel.sequences);
        assertEquals(List.of(), channel.events);
        assertEquals(3, forwarder.stats().overflowDropped());
    }
}
