package io.sayline.rtp.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfSenderTest {

    /** One tick's outcome: "audio" or "event E duration M ts". */
    private static List<String> run(DtmfSender sender, int ticks, int firstTs) {
        List<String> out = new ArrayList<>();
        int ts = firstTs;
        for (int i = 0; i < ticks; i++, ts += 160) {
            DtmfSender.Packet p = sender.poll(ts);
            if (p == null) {
                out.add("audio");
                continue;
            }
            byte[] b = p.payload();
            int duration = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            out.add("ev" + b[0] + ((b[1] & 0x80) != 0 ? " E" : "") + " d" + duration + " ts" + p.timestamp()
                    + (p.marker() ? " M" : "") + " vol" + (b[1] & 0x3F));
        }
        return out;
    }

    @Test
    void oneDigitIsProgressPacketsThenATripleEndWithOneTimestamp() {
        DtmfSender sender = new DtmfSender(100, 60);
        assertTrue(sender.enqueue("7"));
        assertEquals(List.of(
                "ev7 d160 ts1000 M vol10",
                "ev7 d320 ts1000 vol10",
                "ev7 d480 ts1000 vol10",
                "ev7 d640 ts1000 vol10",
                "ev7 E d800 ts1000 vol10",
                "ev7 E d800 ts1000 vol10",
                "ev7 E d800 ts1000 vol10",
                "audio"), run(sender, 8, 1000));
        assertFalse(sender.isBusy());
    }

    @Test
    void digitsAreSeparatedByTheGapAndEachStartsAtTheCurrentTimestamp() {
        DtmfSender sender = new DtmfSender(40, 40);
        sender.enqueue("*#");
        assertEquals(List.of(
                "ev10 d160 ts0 M vol10",
                "ev10 E d320 ts0 vol10",
                "ev10 E d320 ts0 vol10",
                "ev10 E d320 ts0 vol10",
                "audio",
                "audio",
                "ev11 d160 ts960 M vol10",
                "ev11 E d320 ts960 vol10",
                "ev11 E d320 ts960 vol10",
                "ev11 E d320 ts960 vol10",
                "audio"), run(sender, 11, 0));
    }

    @Test
    void invalidDigitsAreRefusedWholesale() {
        DtmfSender sender = new DtmfSender();
        assertFalse(sender.enqueue("12x"));
        assertFalse(sender.enqueue(""));
        assertFalse(sender.isBusy());
        assertNull(sender.poll(0));
        assertTrue(sender.enqueue("abcd"));
    }

    @Test
    void queueIsCapped() {
        DtmfSender sender = new DtmfSender();
        assertTrue(sender.enqueue("1".repeat(DtmfSender.MAX_QUEUED_DIGITS)));
        assertFalse(sender.enqueue("1"));
    }

    @Test
    void senderOutputIsUnderstoodByTheReceiver() {
        DtmfSender sender = new DtmfSender(100, 60);
        sender.enqueue("19#");
        List<String> heard = new ArrayList<>();
        DtmfReceiver receiver = new DtmfReceiver((d, ms) -> heard.add(d + "/" + ms));
        int ts = 123;
        for (int i = 0; i < 60; i++, ts += 160) {
            DtmfSender.Packet p = sender.poll(ts);
            if (p != null) {
                receiver.onPacket(p.timestamp(), Unpooled.wrappedBuffer(p.payload()), i * 20_000_000L);
            }
        }
        assertEquals(List.of("1/100", "9/100", "#/100"), heard);
    }
}
