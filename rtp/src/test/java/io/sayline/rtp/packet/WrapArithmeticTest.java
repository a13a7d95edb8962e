package io.sayline.rtp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrapArithmeticTest {

    @Test
    void sequenceNumberAfter65535Is0() {
        assertEquals(0, Rtp16.next(65535));
        assertEquals(1, Rtp16.diff(0, 65535));
        assertEquals(-1, Rtp16.diff(65535, 0));
        assertTrue(Rtp16.isNewer(0, 65535));
        assertFalse(Rtp16.isNewer(65535, 0));
    }

    @Test
    void sequenceDistanceTakesTheShortWayRound() {
        assertEquals(10, Rtp16.diff(5, 65531));
        assertEquals(32767, Rtp16.diff(32767, 0));
        assertEquals(-32768, Rtp16.diff(32768, 0));
        assertEquals(0, Rtp16.diff(1234, 1234));
        assertEquals(65534, Rtp16.add(0, -2));
        assertEquals(3, Rtp16.add(65535, 4));
    }

    @Test
    void everySequenceStepIsOneAcrossAFullCycle() {
        int seq = 65000;
        for (int i = 0; i < 70_000; i++) {
            int next = Rtp16.next(seq);
            assertEquals(1, Rtp16.diff(next, seq));
            seq = next;
        }
    }

    @Test
    void timestampAfterMaxWrapsToZero() {
        int max = (int) 0xFFFFFFFFL;
        assertEquals(159, Rtp32.add(max, 160));
        assertEquals(160, Rtp32.diff(Rtp32.add(max, 160), max));
        assertTrue(Rtp32.isNewer(159, max));
        assertEquals(0xFFFFFFFFL, Rtp32.unsigned(max));
        assertEquals(-160, Rtp32.diff(Rtp32.add(max, -160), max));
    }

    @Test
    void timestampDistanceTakesTheShortWayRound() {
        assertEquals(Integer.MAX_VALUE, Rtp32.diff(Integer.MAX_VALUE, 0));
        assertEquals(Integer.MIN_VALUE, Rtp32.diff(Integer.MIN_VALUE, 0));
        assertFalse(Rtp32.isNewer(Integer.MIN_VALUE, 0));
    }
}
