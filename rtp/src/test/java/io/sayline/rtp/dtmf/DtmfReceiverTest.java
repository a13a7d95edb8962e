package io.sayline.rtp.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DtmfReceiverTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final List<String> digits = new ArrayList<>();
    private final DtmfReceiver receiver = new DtmfReceiver((d, ms) -> digits.add(d + "/" + ms));
    private long now;

    /** One telephone-event packet as a phone sends it: event, E bit, volume 10, duration in samples. */
    private void packet(int ts, int event, boolean end, int duration) {
        byte[] p = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
        receiver.onPacket(ts, Unpooled.wrappedBuffer(p), now);
        now += 20 * MS;
    }

    /** A whole key press: progress packets every 20 ms, then the end packet three times. */
    private void press(int ts, int event, int durationSamples) {
        for (int d = 160; d < durationSamples; d += 160) {
            packet(ts, event, false, d);
        }
        for (int i = 0; i < 3; i++) {
            packet(ts, event, true, durationSamples);
        }
    }

    @Test
    void oneKeyPressWithATripleEndIsReportedOnce() {
        press(1000, 5, 800);
        assertEquals(List.of("5/100"), digits);
        assertEquals(2, receiver.duplicates());
    }

    @Test
    void consecutivePressesOfTheSameKeyAreTwoDigits() {
        press(1000, 1, 640);
        press(3000, 1, 800);
        assertEquals(List.of("1/80", "1/100"), digits);
    }

    @Test
    void lostStartPacketsStillGiveTheDigit() {
        packet(5000, 11, false, 480); // the first two packets (marker) never arrived
        packet(5000, 11, true, 640);
        packet(5000, 11, true, 640);
        assertEquals(List.of("#/80"), digits);
    }

    @Test
    void onlyTheLastEndPacketArrivingStillGivesOneDigit() {
        packet(5000, 10, true, 800);
        assertEquals(List.of("*/100"), digits);
    }

    @Test
    void lostEndPacketsAreReportedWhenTheNextEventStarts() {
        packet(1000, 2, false, 160);
        packet(1000, 2, false, 320);
        press(2000, 3, 480);
        assertEquals(List.of("2/40", "3/60"), digits);
    }

    @Test
    void lostEndPacketsAreReportedAfterATimeout() {
        packet(1000, 4, false, 160);
        packet(1000, 4, false, 320);
        receiver.expire(now);
        assertEquals(List.of(), digits);
        now += DtmfReceiver.LOST_END_TIMEOUT_NANOS;
        receiver.expire(now);
        assertEquals(List.of("4/40"), digits);
        packet(1000, 4, true, 480); // a late end packet of the same event
        assertEquals(List.of("4/40"), digits);
    }

    @Test
    void reorderedProgressPacketKeepsTheLongestDuration() {
        packet(1000, 9, false, 320);
        packet(1000, 9, false, 160);
        receiver.expire(now + DtmfReceiver.LOST_END_TIMEOUT_NANOS);
        assertEquals(List.of("9/40"), digits);
    }

    @Test
    void shortPayloadIsCountedAsMalformed() {
        assertFalse(receiver.onPacket(1, Unpooled.wrappedBuffer(new byte[3]), 0));
        assertEquals(1, receiver.malformed());
        assertEquals(List.of(), digits);
    }

    @Test
    void nonDtmfEventsAreIgnored() {
        press(1000, 16, 800); // flash
        assertEquals(List.of(), digits);
        assertEquals(3 + 4, receiver.nonDtmfEvents());
    }

    @Test
    void lettersAandDMapToTheirEvents() {
        press(1000, 12, 320);
        press(2000, 15, 320);
        assertEquals(List.of("A/40", "D/40"), digits);
    }
}
