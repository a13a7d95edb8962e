package io.sayline.rtp.playout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.PlayoutConfig;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.playout.PlayoutBuffer.Frame;
import io.sayline.rtp.playout.PlayoutBuffer.Kind;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayoutBufferTest {
    private static final G711Codec CODEC = G711Codec.PCMU;
    private static final int N = MediaFrame.BYTES;
    /** A 200 Hz tone moves at most 2π·200/8000·16000 ≈ 2,513 per sample; a cut at full scale would be ~16,000. */
    private static final int MAX_STEP = 3_500;

    /** Records listener events as strings, in order. */
    private static final class Events implements PlayoutListener {
        final List<String> log = new ArrayList<>();

        @Override
        public void utteranceStarted(Object tag) {
            log.add("started " + tag);
        }

        @Override
        public void utteranceFinished(Object tag, int framesPlayed) {
            log.add("finished " + tag + " " + framesPlayed);
        }

        @Override
        public void utteranceInterrupted(Object tag, int framesPlayed) {
            log.add("interrupted " + tag + " " + framesPlayed);
        }

        @Override
        public void markReached(String name) {
            log.add("mark " + name);
        }

        @Override
        public void underrun(Object tag) {
            log.add("underrun " + tag);
        }

        @Override
        public void writable() {
            log.add("writable");
        }
    }

    /** A continuous 200 Hz tone at amplitude 16000, cut into μ-law frames. */
    private static final class Tone {
        int sample;

        byte[] frame() {
            byte[] f = new byte[N];
            for (int i = 0; i < N; i++, sample++) {
                f[i] = CODEC.encode((short) Math.round(16000 * Math.cos(2 * Math.PI * 200 * sample / 8000.0)));
            }
            return f;
        }
    }

    private final Events events = new Events();

    private PlayoutBuffer buffer(int startMs, int maxMs, boolean adaptive) {
        return buffer(startMs, maxMs, adaptive, 0);
    }

    private PlayoutBuffer buffer(int startMs, int maxMs, boolean adaptive, int holdMs) {
        return new PlayoutBuffer(new PlayoutConfig(startMs, maxMs, adaptive, holdMs), CODEC, events);
    }

    /** Offers {@code frames} consecutive frames of {@code tone}, as one vendor chunk would bring them. */
    private static void offerChunk(PlayoutBuffer b, Tone tone, int frames, String tag) {
        for (int i = 0; i < frames; i++) {
            b.offer(tone.frame(), tag);
        }
    }

    /** The next {@code ticks} ticks send nothing: the utterance's start is held. */
    private static void assertHeldFor(PlayoutBuffer b, int ticks) {
        for (int tick = 0; tick < ticks; tick++) {
            assertEquals(Kind.IDLE, b.next().kind(), "tick " + tick);
        }
    }

    private static short[] decode(Frame f) {
        short[] pcm = new short[N];
        for (int i = 0; i < N; i++) {
            pcm[i] = CODEC.decode(f.data()[f.offset() + i]);
        }
        return pcm;
    }

    /** Pulls {@code ticks} frames and appends their decoded samples (silence included) to {@code out}. */
    private static void pull(PlayoutBuffer b, int ticks, List<Short> out) {
        for (int t = 0; t < ticks; t++) {
            for (short s : decode(b.next())) {
                out.add(s);
            }
        }
    }

    private static int maxStep(List<Short> pcm) {
        int max = 0;
        for (int i = 1; i < pcm.size(); i++) {
            max = Math.max(max, Math.abs(pcm.get(i) - pcm.get(i - 1)));
        }
        return max;
    }

    @Test
    void playoutWaitsUntilStartMsOfAudioIsQueued() {
        PlayoutBuffer b = buffer(60, 400, false);
        Tone tone = new Tone();
        b.offer(tone.frame(), "u1");
        b.offer(tone.frame(), "u1");
        assertEquals(Kind.IDLE, b.next().kind());
        b.offer(tone.frame(), "u1");
        Frame f = b.next();
        assertEquals(Kind.AUDIO, f.kind());
        assertTrue(f.marker());
        assertEquals("u1", f.tag());
    }

    @Test
    void endedUtteranceShorterThanTheThresholdPlaysAtOnce() {
        PlayoutBuffer b = buffer(100, 400, false);
        b.offer(new Tone().frame(), "short");
        b.endOfUtterance("short");
        assertEquals(Kind.AUDIO, b.next().kind());
        assertEquals(Kind.IDLE, b.next().kind());
        assertEquals(List.of("started short", "finished short 1"), events.log);
    }

    @Test
    void markerBitOnlyOnTheFirstFrameOfEachTalkspurt() {
        PlayoutBuffer b = buffer(40, 400, false);
        Tone tone = new Tone();
        offerChunk(b, tone, 3, "a");
        b.endOfUtterance("a");
        offerChunk(b, tone, 2, "b");
        b.endOfUtterance("b");
        List<Boolean> markers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Frame f = b.next();
            markers.add(f.isAudio() ? f.marker() : null);
        }
        assertEquals(java.util.Arrays.asList(true, false, false, true, false, null), markers);
    }

    @Test
    void eventsFireAsTheirFrameIsHandedOut() {
        PlayoutBuffer b = buffer(40, 400, false);
        Tone tone = new Tone();
        b.offer(tone.frame(), 7L);
        b.offer(tone.frame(), 7L);
        b.mark("half");
        b.offer(tone.frame(), 7L);
        b.endOfUtterance(7L);
        b.mark("after");
        b.next();
        assertEquals(List.of("started 7"), events.log);
        b.next();
        assertEquals(List.of("started 7", "mark half"), events.log);
        b.next();
        assertEquals(List.of("started 7", "mark half", "finished 7 3", "mark after"), events.log);
        assertEquals(3, b.stats().framesPlayed());
    }

    @Test
    void markWithNothingQueuedFiresOnTheNextTick() {
        PlayoutBuffer b = buffer(40, 400, false);
        b.mark("now");
        assertTrue(events.log.isEmpty());
        b.next();
        assertEquals(List.of("mark now"), events.log);
    }

    @Test
    void underrunFadesOutAndBackInWithoutAHardEdge() {
        PlayoutBuffer b = buffer(40, 400, false);
        Tone tone = new Tone();
        List<Short> pcm = new ArrayList<>();
        offerChunk(b, tone, 3, "u");
        pull(b, 5, pcm); // 3 frames of audio, then 2 of silence
        offerChunk(b, tone, 3, "u");
        pull(b, 3, pcm);
        assertTrue(maxStep(pcm) <= MAX_STEP, "largest sample step was " + maxStep(pcm));
        assertEquals(List.of("started u", "underrun u"), events.log);
        assertEquals(1, b.stats().underruns());
        assertEquals(40, b.stats().underrunMs());
    }

    @Test
    void resumedAudioAfterAnUnderrunStartsANewTalkspurt() {
        PlayoutBuffer b = buffer(20, 400, false);
        Tone tone = new Tone();
        b.offer(tone.frame(), "u");
        assertTrue(b.next().marker());
        assertEquals(Kind.SILENCE, b.next().kind());
        b.offer(tone.frame(), "u");
        Frame f = b.next();
        assertTrue(f.isAudio());
        assertTrue(f.marker());
    }

    @Test
    void audioArrivingBeforeTheNextTickAfterAPredictiveFadeIsNotAnUnderrun() {
        PlayoutBuffer b = buffer(40, 400, false);
        Tone tone = new Tone();
        List<Short> pcm = new ArrayList<>();
        b.offer(tone.frame(), "u");
        b.offer(tone.frame(), "u");
        pull(b, 2, pcm);
        b.offer(tone.frame(), "u");
        Frame f = b.next();
        assertTrue(f.isAudio());
        assertFalse(f.marker());
        assertEquals(0, b.stats().underruns());
    }

    @Test
    void holdDelaysTheFirstAudioOfAnUtteranceByHoldMs() {
        PlayoutBuffer b = buffer(40, 400, false, 100);
        Tone tone = new Tone();
        offerChunk(b, tone, 10, "u");
        assertHeldFor(b, 5);
        Frame f = b.next();
        assertTrue(f.isAudio());
        assertTrue(f.marker());
        assertEquals(List.of("started u"), events.log);
    }

    @Test
    void aChunkLateByLessThanTheHoldIsNotAnUnderrun() {
        // 200 ms chunks at 1.2x real time (one every ~8.3 ticks), the second one 150 ms late: due at tick 10,
        // it arrives before tick 16. Without a hold that is a six-frame gap; 120 ms of hold absorbs it.
        assertEquals(6, underrunFramesWithSecondChunkLate(0));
        assertEquals(0, underrunFramesWithSecondChunkLate(120));
    }

    private int underrunFramesWithSecondChunkLate(int holdMs) {
        PlayoutBuffer b = buffer(40, 400, false, holdMs);
        Tone tone = new Tone();
        offerChunk(b, tone, 10, "u");
        for (int tick = 0; tick < 40; tick++) {
            if (tick == 16 || tick == 25) {
                offerChunk(b, tone, 10, "u");
            }
            if (tick == 25) {
                b.endOfUtterance("u");
            }
            b.next();
        }
        assertEquals(30, b.stats().framesPlayed());
        return (int) (b.stats().underrunMs() / MediaFrame.MS);
    }

    @Test
    void aWholeUtteranceAlreadyQueuedIsNotHeld() {
        PlayoutBuffer b = buffer(40, 400, false, 200);
        offerChunk(b, new Tone(), 3, "u");
        b.endOfUtterance("u");
        assertTrue(b.next().isAudio());
    }

    @Test
    void afterAnUnderrunAudioResumesWithoutAnotherHold() {
        PlayoutBuffer b = buffer(20, 400, false, 100);
        Tone tone = new Tone();
        offerChunk(b, tone, 2, "u");
        assertHeldFor(b, 5);
        assertTrue(b.next().isAudio());
        assertTrue(b.next().isAudio());
        assertEquals(Kind.SILENCE, b.next().kind());
        offerChunk(b, tone, 1, "u");
        assertTrue(b.next().isAudio());
    }

    @Test
    void adaptiveThresholdGrowsAfterAnUnderrunAndDecaysWhileTheVendorStaysAhead() {
        PlayoutBuffer b = buffer(40, 400, true);
        Tone tone = new Tone();
        b.offer(tone.frame(), "u");
        b.endOfUtterance("u");
        b.next();
        assertEquals(40, b.startThresholdMs());
        b.offer(tone.frame(), "v");
        b.offer(tone.frame(), "v");
        b.next();
        b.next();
        b.next(); // underrun inside "v"
        assertEquals(80, b.startThresholdMs());
        // a vendor that stays ahead: keep 5 frames queued for a while
        offerChunk(b, tone, 5, "v");
        for (int i = 0; i < 2 * PlayoutBuffer.DECAY_INTERVAL_FRAMES + 10; i++) {
            assertTrue(b.next().isAudio());
            b.offer(tone.frame(), "v");
        }
        assertEquals(40, b.startThresholdMs());
    }

    @Test
    void adaptiveThresholdNeverExceedsMaxMs() {
        PlayoutBuffer b = buffer(40, 100, true);
        Tone tone = new Tone();
        for (int round = 0; round < 10; round++) {
            offerChunk(b, tone, 5, "u");
            for (int i = 0; i < 7; i++) {
                b.next();
            }
        }
        assertEquals(100, b.startThresholdMs());
    }

    @Test
    void fixedThresholdStaysPutAfterUnderruns() {
        PlayoutBuffer b = buffer(40, 400, false);
        Tone tone = new Tone();
        b.offer(tone.frame(), "u");
        b.offer(tone.frame(), "u");
        for (int i = 0; i < 4; i++) {
            b.next();
        }
        assertEquals(1, b.stats().underruns());
        assertEquals(40, b.startThresholdMs());
    }

    @Test
    void clearFadesOutWithin80SamplesAndDropsTheRest() {
        PlayoutBuffer b = buffer(40, 400, false);
        Tone tone = new Tone();
        offerChunk(b, tone, 10, "a");
        b.endOfUtterance("a");
        b.offer(tone.frame(), "b");
        b.mark("never");
        List<Short> pcm = new ArrayList<>();
        pull(b, 3, pcm);
        b.clear();
        assertEquals(List.of("started a", "interrupted b 0"), events.log);
        Frame fade = b.next();
        assertTrue(fade.isAudio());
        short[] samples = decode(fade);
        for (int i = PlayoutBuffer.CLEAR_FADE_SAMPLES; i < N; i++) {
            assertEquals(0, samples[i], "sample " + i + " after the fade");
        }
        for (short s : samples) {
            pcm.add(s);
        }
        assertTrue(maxStep(pcm) <= MAX_STEP, "largest sample step was " + maxStep(pcm));
        assertEquals(List.of("started a", "interrupted b 0", "interrupted a 4"), events.log);
        assertEquals(Kind.IDLE, b.next().kind());
        assertEquals(0, b.depthFrames());
        assertEquals(List.of("started a", "interrupted b 0", "interrupted a 4"), events.log);
    }

    @Test
    void clearRightAfterAPredictiveFadeSendsSilenceNotAFullScaleFrame() {
        PlayoutBuffer b = buffer(40, 400, false);
        Tone tone = new Tone();
        List<Short> pcm = new ArrayList<>();
        b.offer(tone.frame(), "a");
        b.offer(tone.frame(), "a");
        pull(b, 2, pcm); // the second frame was the last queued: faded out
        offerChunk(b, tone, 5, "a");
        b.clear();
        pull(b, 2, pcm);
        assertTrue(maxStep(pcm) <= MAX_STEP, "largest sample step was " + maxStep(pcm));
        assertEquals(List.of("started a", "interrupted a 3"), events.log);
    }

    @Test
    void clearDuringAnUnderrunReportsTheUtteranceInterruptedAtOnce() {
        PlayoutBuffer b = buffer(40, 400, false);
        Tone tone = new Tone();
        b.offer(tone.frame(), "a");
        b.offer(tone.frame(), "a");
        for (int i = 0; i < 3; i++) {
            b.next();
        }
        b.clear();
        assertEquals(List.of("started a", "underrun a", "interrupted a 2"), events.log);
        assertEquals(Kind.IDLE, b.next().kind());
    }

    @Test
    void backPressureAtMaxMsAndWritableAgainAtHalf() {
        PlayoutBuffer b = buffer(40, 100, false);
        Tone tone = new Tone();
        offerChunk(b, tone, 4, "u");
        assertFalse(b.isFull());
        b.offer(tone.frame(), "u");
        assertTrue(b.isFull());
        b.next();
        b.next();
        assertFalse(events.log.contains("writable"));
        b.next(); // 2 frames left = half of 5, rounded down
        assertTrue(events.log.contains("writable"));
        b.next();
        assertEquals(1, events.log.stream().filter("writable"::equals).count());
    }

    @Test
    void audioOfferedPastBackPressureIsNeverDropped() {
        PlayoutBuffer b = buffer(40, 100, false);
        for (int i = 0; i < 300; i++) {
            byte[] f = new byte[N];
            java.util.Arrays.fill(f, (byte) (i % 200));
            assertTrue(b.offer(f, "u"));
        }
        b.endOfUtterance("u");
        for (int i = 0; i < 300; i++) {
            Frame f = b.next();
            assertTrue(f.isAudio());
            assertEquals((byte) (i % 200), f.data()[f.offset() + N / 2], "frame " + i);
        }
        assertEquals(300, b.stats().maxDepthMs() / MediaFrame.MS);
    }

    @Test
    void offerBeyondTheHardCapIsRefusedAndCounted() {
        PlayoutBuffer b = buffer(40, 400, false);
        byte[] f = new byte[N];
        for (int i = 0; i < PlayoutBuffer.HARD_CAP_FRAMES; i++) {
            assertTrue(b.offer(f, "u"));
        }
        assertFalse(b.offer(f, "u"));
        assertEquals(1, b.stats().rejectedFrames());
    }

    @Test
    void steadyStatePlayoutDoesNotAllocate() {
        PlayoutBuffer b = buffer(40, 400, true);
        byte[] f = new Tone().frame();
        Object tag = "u";
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            b.offer(f, tag);
        }
        for (int i = 0; i < 20_000; i++) { // warm up
            b.offer(f, tag);
            b.next();
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            b.offer(f, tag);
            b.next();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4_096, "allocated " + allocated + " bytes over 20,000 frames");
    }
}
