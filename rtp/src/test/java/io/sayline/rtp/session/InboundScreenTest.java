package io.sayline.rtp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InboundScreenTest {
    private final InboundScreen screen = new InboundScreen();

    @Test
    void packetsBeyondTheRateOfAnyCallAreFloodUntilTheNextSecond() {
        long start = TimeUnit.SECONDS.toNanos(5);
        for (int i = 0; i < InboundScreen.MAX_PACKETS_PER_SECOND; i++) {
            assertFalse(screen.flood(start + i), "packet " + i);
        }
        assertTrue(screen.flood(start + 999_000_000L));
        assertTrue(screen.flood(start + 999_000_001L));
        assertEquals(2, screen.floodCount());
        assertFalse(screen.flood(start + TimeUnit.SECONDS.toNanos(1)), "a new second starts a new count");
    }

    @Test
    void rtcpIsRecognisedByItsPacketTypeAndRtpIsNot() {
        assertTrue(screen.rtcp(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, (byte) 201, 0, 7})), "RR");
        assertFalse(screen.rtcp(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0, 1})), "PCMU");
        assertFalse(screen.rtcp(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, 0, 1})), "PCMU, marker");
        assertFalse(screen.rtcp(Unpooled.wrappedBuffer(new byte[] {0x00, (byte) 200})), "not version 2");
        assertFalse(screen.rtcp(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80})), "too short");
        assertEquals(1, screen.rtcpCount());
    }

    @Test
    void onlyDatagramsLargerThanAnMtuAreOversized() {
        assertFalse(screen.oversized(Unpooled.wrappedBuffer(new byte[InboundScreen.MAX_DATAGRAM_BYTES])));
        assertTrue(screen.oversized(Unpooled.wrappedBuffer(new byte[InboundScreen.MAX_DATAGRAM_BYTES + 1])));
        assertEquals(1, screen.oversizedCount());
    }
}
