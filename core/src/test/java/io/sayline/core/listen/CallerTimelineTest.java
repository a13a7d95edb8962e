package io.sayline.core.listen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.packet.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gaps, reordering, duplicates, wrap-around and packetization on the caller timeline, with a hand-set clock. */
class CallerTimelineTest {
    private static final int SSRC = 0x1234;
    private long nowNanos = 1_000_000_000L;
    private final ListenCounters counters = new ListenCounters();
    private final CallerTimeline timeline = new CallerTimeline(() -> nowNanos, counters);
    private final List<Heard> heard = new ArrayList<>();

    /** A copy of what a listener saw. */
    record Heard(long sequence, long positionMs, boolean lost, byte[] payload) {
    }

    CallerTimelineTest() {
        timeline.answeredAt(nowNanos);
        timeline.subscribe(f -> heard.add(new Heard(f.sequence(), f.positionMs(), f.lost(), f.payload().clone())));
    }

    private static RtpPacket packet(int seq, int ts, byte[] payload) {
        return RtpPacket.builder().payloadType(0).sequenceNumber(seq).timestamp(ts).ssrc(SSRC).payload(payload).build();
    }

    /** A 20 ms payload whose every byte tells which packet it came from. */
    private static byte[] frame(int marker) {
        byte[] b = new byte[MediaFrame.BYTES];
        Arrays.fill(b, (byte) marker);
        return b;
    }

    private void receive(int seq, int ts, int marker) {
        timeline.onAudio(packet(seq & 0xFFFF, ts, frame(marker)), G711Codec.PCMU);
    }

    private List<Boolean> lostFlags() {
        return heard.stream().map(Heard::lost).toList();
    }

    @Test
    void framesAreNumberedFromZeroAndPlacedFromTheFirstArrivalAfterTheAnswer() {
        nowNanos += 130_000_000L; // first packet 130 ms after the 200 OK
        for (int i = 0; i < 3; i++) {
            receive(500 + i, 9000 + i * 160, i + 1);
        }
        assertEquals(List.of(0L, 1L, 2L), heard.stream().map(Heard::sequence).toList());
        assertEquals(List.of(130L, 150L, 170L), heard.stream().map(Heard::positionMs).toList());
        assertEquals(List.of(false, false, false), lostFlags());
        assertArrayEquals(frame(2), heard.get(1).payload(), "the caller's bytes, untouched");
    }

    @Test
    void aGapIsFilledWithSilenceAndMarkedLostNeverSkipped() {
        receive(1, 0, 1);
        receive(4, 3 * 160, 4); // 2 and 3 never came
        assertEquals(List.of(false, true, true, false), lostFlags());
        assertEquals(List.of(0L, 20L, 40L, 60L), heard.stream().map(Heard::positionMs).toList());
        byte[] silence = new byte[MediaFrame.BYTES];
        Arrays.fill(silence, G711Codec.PCMU.silence());
        assertArrayEquals(silence, heard.get(1).payload());
        assertEquals(2, timeline.stats().lostFrames());
        assertEquals(2, counters.callerFramesLost.sum());
    }

    @Test
    void aReorderedPacketIsCountedLateAndItsFrameStaysLost() {
        receive(1, 0, 1);
        receive(3, 320, 3);
        receive(2, 160, 2); // arrives after 3: its place was passed
        receive(4, 480, 4);
        assertEquals(List.of(false, true, false, false), lostFlags());
        assertEquals(1, timeline.stats().latePackets());
        assertEquals(0, timeline.stats().duplicatePackets());
    }

    @Test
    void aDuplicateIsDroppedAndCounted() {
        receive(1, 0, 1);
        receive(2, 160, 2);
        receive(2, 160, 2);
        receive(3, 320, 3);
        assertEquals(3, heard.size());
        assertEquals(1, timeline.stats().duplicatePackets());
        assertEquals(1, counters.duplicatePackets.sum());
    }

    @Test
    void sequenceAndTimestampWrapAroundWithoutAGap() {
        int ts = -320; // 2^32 - 320: the timestamp wraps after two packets
        for (int i = 0; i < 4; i++) {
            receive(65534 + i, ts + i * 160, i + 1);
        }
        assertEquals(List.of(false, false, false, false), lostFlags());
        assertEquals(0, timeline.stats().latePackets() + timeline.stats().duplicatePackets());
    }

    @Test
    void aGapAcrossTheWrapIsStillFilled() {
        receive(65535, -160, 1);
        receive(1, 160, 3); // seq 0, timestamp 0 lost
        assertEquals(List.of(false, true, false), lostFlags());
    }

    @Test
    void otherPacketizationsAreCutInto20msFrames() {
        byte[] tenMs = new byte[80];
        for (int i = 0; i < 4; i++) {
            Arrays.fill(tenMs, (byte) (i + 1));
            timeline.onAudio(packet(i, i * 80, tenMs), G711Codec.PCMA);
        }
        assertEquals(2, heard.size());
        assertEquals(1, heard.get(0).payload()[0]);
        assertEquals(2, heard.get(0).payload()[MediaFrame.BYTES - 1]);
        assertEquals(List.of(false, false), lostFlags());
    }

    @Test
    void aJumpTooLongToFillRestartsAtTheArrivalTime() {
        receive(1, 0, 1);
        nowNanos += 60_000_000_000L; // a minute on hold
        receive(2, 160 + 60 * 8000, 2);
        receive(3, 320 + 60 * 8000, 3);
        assertEquals(List.of(0L, 1L, 2L), heard.stream().map(Heard::sequence).toList(), "sequence stays contiguous");
        assertEquals(List.of(0L, 60_000L, 60_020L), heard.stream().map(Heard::positionMs).toList());
        assertEquals(List.of(false, false, false), lostFlags());
        assertEquals(1, timeline.stats().discontinuities());
    }

    @Test
    void aNewSsrcRestartsWithoutGoingBackInTime() {
        receive(1, 0, 1);
        receive(2, 160, 2);
        timeline.onAudio(RtpPacket.builder().payloadType(0).sequenceNumber(9000).timestamp(777).ssrc(SSRC + 1)
                .payload(frame(3)).build(), G711Codec.PCMU);
        assertEquals(List.of(0L, 20L, 40L), heard.stream().map(Heard::positionMs).toList());
        assertEquals(1, timeline.stats().discontinuities());
    }

    @Test
    void oneFailingListenerDoesNotDepriveTheOthers() {
        timeline.subscribe(f -> {
            throw new IllegalStateException("boom");
        });
        List<Long> second = new ArrayList<>();
        timeline.subscribe(f -> second.add(f.sequence()));
        receive(1, 0, 1);
        receive(2, 160, 2);
        assertEquals(List.of(0L, 1L), second);
        assertEquals(2, timeline.stats().listenerFailures());
    }
}
