package io.sayline.rtp.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnergyVadTest {
    private static final int TONE_HZ = 500; // 16 samples a period: a 20 ms frame holds exactly 10 periods

    /** A piece of synthetic caller audio. */
    private record Segment(String kind, double levelDbfs, int ms) {
        static Segment tone(double dbfs, int ms) {
            return new Segment("tone", dbfs, ms);
        }

        static Segment noise(double dbfs, int ms) {
            return new Segment("noise", dbfs, ms);
        }

        static Segment silence(int ms) {
            return new Segment("silence", Double.NEGATIVE_INFINITY, ms);
        }

        @Override
        public String toString() {
            return kind + (kind.equals("silence") ? "" : " " + (int) levelDbfs + " dBFS") + " " + ms + " ms";
        }
    }

    /** With the defaults (−35 dBFS, 200 ms, 300 ms hangover): which 20 ms frames (0-based) report an onset. */
    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("loud tone: one onset after 200 ms", G711Codec.PCMU,
                        List.of(Segment.tone(-20, 1000)), List.of(9)),
                Arguments.of("tone 3 dB above threshold", G711Codec.PCMU,
                        List.of(Segment.tone(-32, 400)), List.of(9)),
                Arguments.of("tone 3 dB below threshold", G711Codec.PCMU,
                        List.of(Segment.tone(-38, 1000)), List.of()),
                Arguments.of("line noise below threshold", G711Codec.PCMU,
                        List.of(Segment.noise(-45, 2000)), List.of()),
                Arguments.of("loud noise is speech to an energy detector", G711Codec.PCMU,
                        List.of(Segment.noise(-25, 400)), List.of(9)),
                Arguments.of("clicks shorter than minSpeechMs", G711Codec.PCMU,
                        List.of(Segment.tone(-6, 100), Segment.silence(100), Segment.tone(-6, 180),
                                Segment.silence(40), Segment.tone(-6, 60)), List.of()),
                Arguments.of("a quiet frame restarts the run", G711Codec.PCMU,
                        List.of(Segment.tone(-20, 100), Segment.silence(20), Segment.tone(-20, 180)), List.of()),
                Arguments.of("pause longer than hangover: two onsets", G711Codec.PCMU,
                        List.of(Segment.tone(-20, 300), Segment.silence(400), Segment.tone(-20, 300)),
                        List.of(9, 44)),
                Arguments.of("pause shorter than hangover: one onset", G711Codec.PCMU,
                        List.of(Segment.tone(-20, 300), Segment.silence(200), Segment.tone(-20, 300)),
                        List.of(9)),
                Arguments.of("speech over background noise", G711Codec.PCMU,
                        List.of(Segment.noise(-50, 500), Segment.tone(-25, 400), Segment.noise(-50, 500)),
                        List.of(34)),
                Arguments.of("PCMA: loud tone", G711Codec.PCMA,
                        List.of(Segment.tone(-20, 1000)), List.of(9)),
                Arguments.of("PCMA: tone below threshold", G711Codec.PCMA,
                        List.of(Segment.tone(-38, 1000)), List.of()),
                Arguments.of("PCMA: noise below threshold", G711Codec.PCMA,
                        List.of(Segment.noise(-45, 1000)), List.of()),
                Arguments.of("PCMA: short clicks", G711Codec.PCMA,
                        List.of(Segment.tone(-6, 100), Segment.silence(100), Segment.tone(-6, 100)), List.of()),
                Arguments.of("PCMA: two onsets", G711Codec.PCMA,
                        List.of(Segment.tone(-20, 300), Segment.silence(400), Segment.tone(-20, 300)),
                        List.of(9, 44)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void reportsOnsetsOnTheExpectedFrames(String name, G711Codec codec, List<Segment> audio, List<Integer> onsetFrames) {
        EnergyVad vad = new EnergyVad(-35, 200, 300);
        List<Integer> reported = new ArrayList<>();
        List<byte[]> frames = frames(codec, audio);
        for (int i = 0; i < frames.size(); i++) {
            if (vad.onFrame(frames.get(i), 0, MediaFrame.BYTES, codec)) {
                reported.add(i);
            }
        }
        assertEquals(onsetFrames, reported);
        assertEquals(onsetFrames.size(), vad.onsets());
    }

    @Test
    void minSpeechThatIsNoMultipleOfTheFrameRoundsUpToWholeFrames() {
        EnergyVad vad = new EnergyVad(-35, 30, 0);
        byte[] loud = frames(G711Codec.PCMU, List.of(Segment.tone(-20, 20))).get(0);
        assertFalse(vad.onFrame(loud, 0, MediaFrame.BYTES, G711Codec.PCMU));
        assertTrue(vad.onFrame(loud, 0, MediaFrame.BYTES, G711Codec.PCMU));
    }

    @Test
    void zeroHangoverReArmsOnTheFirstQuietFrame() {
        EnergyVad vad = new EnergyVad(-35, 20, 0);
        byte[] loud = frames(G711Codec.PCMU, List.of(Segment.tone(-20, 20))).get(0);
        byte[] quiet = frames(G711Codec.PCMU, List.of(Segment.silence(20))).get(0);
        assertTrue(vad.onFrame(loud, 0, MediaFrame.BYTES, G711Codec.PCMU));
        assertFalse(vad.onFrame(loud, 0, MediaFrame.BYTES, G711Codec.PCMU));
        assertFalse(vad.onFrame(quiet, 0, MediaFrame.BYTES, G711Codec.PCMU));
        assertTrue(vad.onFrame(loud, 0, MediaFrame.BYTES, G711Codec.PCMU));
        assertEquals(2, vad.onsets());
    }

    @Test
    void resetReArmsWithoutWaitingForTheHangoverAndKeepsTheCount() {
        EnergyVad vad = new EnergyVad(-35, 20, 5000);
        byte[] loud = frames(G711Codec.PCMU, List.of(Segment.tone(-20, 20))).get(0);
        assertTrue(vad.onFrame(loud, 0, MediaFrame.BYTES, G711Codec.PCMU));
        assertFalse(vad.onFrame(loud, 0, MediaFrame.BYTES, G711Codec.PCMU));
        vad.reset();
        assertTrue(vad.onFrame(loud, 0, MediaFrame.BYTES, G711Codec.PCMU));
        assertEquals(2, vad.onsets());
    }

    @Test
    void onlyTheGivenRangeOfTheBufferIsMeasured() {
        EnergyVad vad = new EnergyVad(-35, 20, 0);
        byte[] quiet = frames(G711Codec.PCMU, List.of(Segment.silence(20))).get(0);
        byte[] packet = new byte[12 + MediaFrame.BYTES + 8];
        Arrays.fill(packet, G711Codec.PCMU.encode((short) 30000)); // loud bytes around the payload
        System.arraycopy(quiet, 0, packet, 12, MediaFrame.BYTES);
        assertFalse(vad.onFrame(packet, 12, MediaFrame.BYTES, G711Codec.PCMU));
        assertTrue(vad.onFrame(packet, 0, MediaFrame.BYTES, G711Codec.PCMU));
    }

    @Test
    void emptyPayloadIsNoSpeech() {
        EnergyVad vad = new EnergyVad(-35, 20, 0);
        assertFalse(vad.onFrame(new byte[0], 0, 0, G711Codec.PCMU));
    }

    @Test
    void rangeOutsideTheBufferIsRefused() {
        EnergyVad vad = new EnergyVad(-35, 20, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> vad.onFrame(new byte[100], 0, 160, G711Codec.PCMU));
    }

    @Test
    void argumentsOutsideTheirDomainAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EnergyVad(1, 200, 300))
                .getMessage().startsWith("thresholdDbfs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EnergyVad(-35, 0, 300))
                .getMessage().startsWith("minSpeechMs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EnergyVad(-35, 200, -1))
                .getMessage().startsWith("hangoverMs"));
    }

    @Test
    void onFrameAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EnergyVad vad = new EnergyVad(-35, 200, 300);
        List<byte[]> frames = frames(G711Codec.PCMU, List.of(Segment.tone(-20, 400), Segment.silence(400)));
        for (int i = 0; i < 20_000; i++) { // let the JIT settle first
            vad.onFrame(frames.get(i % frames.size()), 0, MediaFrame.BYTES, G711Codec.PCMU);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            vad.onFrame(frames.get(i % frames.size()), 0, MediaFrame.BYTES, G711Codec.PCMU);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // A few hundred bytes may come from the measurement itself; one object per frame would be 160,000+.
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 10,000 frames");
    }

    /** Synthesises {@code audio} at 8 kHz and cuts it into 160-byte G.711 frames. */
    private static List<byte[]> frames(G711Codec codec, List<Segment> audio) {
        Random random = new Random(4733);
        List<Short> samples = new ArrayList<>();
        for (Segment segment : audio) {
            int count = segment.ms() * 8;
            double rms = EnergyVad.FULL_SCALE * Math.pow(10, segment.levelDbfs() / 20);
            for (int n = 0; n < count; n++) {
                double value = switch (segment.kind()) {
                    case "tone" -> rms * Math.sqrt(2) * Math.sin(2 * Math.PI * TONE_HZ * n / 8000.0);
                    case "noise" -> rms * random.nextGaussian();
                    default -> 0;
                };
                samples.add((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value))));
            }
        }
        List<byte[]> frames = new ArrayList<>();
        for (int start = 0; start + MediaFrame.BYTES <= samples.size(); start += MediaFrame.BYTES) {
            byte[] frame = new byte[MediaFrame.BYTES];
            for (int i = 0; i < MediaFrame.BYTES; i++) {
                frame[i] = codec.encode(samples.get(start + i));
            }
            frames.add(frame);
        }
        return frames;
    }
}
