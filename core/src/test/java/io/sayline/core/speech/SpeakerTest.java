package io.sayline.core.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Event.InterruptReason;
import io.sayline.core.control.protocol.Interruptible;
import io.sayline.core.tts.Alignment;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.TtsListener;
import io.sayline.core.tts.TtsSession;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.transcode.AudioFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpeakerTest {
    /** One 20 ms frame of 8 kHz s16le PCM. */
    private static final int FRAME_BYTES_PCM8 = 320;

    private final FakeTts tts = new FakeTts();
    private final FakeOutput out = new FakeOutput();
    private final List<Event> events = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SpeechCounters counters = new SpeechCounters();
    private final Speaker speaker = new Speaker(tts, out, events::add, Runnable::run, AudioFormat.PCM_8000,
            G711Codec.PCMU, nanos::get, 20, counters);

    @Test
    void tokensOfOneUtteranceReachTheVendorAsTheyArrive() {
        speaker.say(Command.Say.token("u1", "Hel", false));
        speaker.say(Command.Say.token("u1", "lo there", false));
        assertEquals(List.of("Hel", "lo there"), tts.utterance("u1").texts);
        assertFalse(tts.utterance("u1").finished);
        speaker.say(Command.Say.token("u1", "", true));
        assertTrue(tts.utterance("u1").finished);
        assertEquals(1, tts.utterances.size());
    }

    @Test
    void sayWithoutIdGetsAGeneratedOneAndANewOneAfterLast() {
        String first = speaker.say(new Command.Say("One.", null, true, Interruptible.ANY, false));
        String second = speaker.say(new Command.Say("Two.", null, true, Interruptible.ANY, false));
        assertFalse(first.equals(second));
        assertEquals(2, tts.utterances.size());
    }

    @Test
    void framesOfALaterUtteranceWaitUntilEarlierOnesAreQueued() {
        speaker.say(Command.Say.sentence("u1", "First."));
        speaker.say(Command.Say.sentence("u2", "Second."));
        tts.utterance("u2").audio(3).end();
        assertEquals(0, out.frames.size());
        tts.utterance("u1").audio(2);
        assertEquals(2, out.frames.size());
        tts.utterance("u1").end();
        assertEquals(5, out.frames.size());
        assertEquals(List.of("u1", "u1", "u2", "u2", "u2"), out.frames.stream().map(f -> id(f.tag())).toList());
        assertEquals(2, out.ended.size());
    }

    @Test
    void startedAndDoneComeFromPlayoutNotFromArrival() {
        speaker.say(Command.Say.sentence("u1", "Hello."));
        FakeUtterance u1 = tts.utterance("u1");
        u1.listener.onRequestSent();
        nanos.addAndGet(75_000_000);
        u1.audio(3).end();
        assertTrue(events.isEmpty());
        nanos.addAndGet(10_000_000);
        Object tag = out.frames.get(0).tag();
        speaker.playoutStarted(tag);
        nanos.addAndGet(40_000_000);
        speaker.playoutFinished(tag, 3);
        assertEquals(new Event.SpeechStarted("u1", 85), events.get(0));
        Event.SpeechDone done = (Event.SpeechDone) events.get(1);
        assertEquals(60, done.playedMs());
        assertEquals(new Event.Latency(85, 75, 10, 0, 10), done.latency());
    }

    @Test
    void clearInterruptsWithFramesActuallyPlayedAndEstimatedHeardText() {
        speaker.say(Command.Say.sentence("u1", "one two three four"));
        tts.utterance("u1").audio(4).end();
        Object tag = out.frames.get(0).tag();
        speaker.playoutStarted(tag);
        speaker.clear();
        speaker.playoutInterrupted(tag, 2);
        assertEquals(1, out.clears);
        assertTrue(tts.utterance("u1").cancelled);
        Event.SpeechInterrupted interrupted = (Event.SpeechInterrupted) events.get(1);
        assertEquals(InterruptReason.CLEAR, interrupted.reason());
        assertEquals(40, interrupted.playedMs());
        assertEquals("one two", interrupted.heardText());
        assertEquals(Boolean.TRUE, interrupted.estimated());
        assertFalse(speaker.speaking());
    }

    @Test
    void aBufferThatReportsWritableInsideClearGetsNothingOfTheCutUtterance() {
        out.full = true;
        speaker.say(Command.Say.sentence("u1", "A long answer."));
        tts.utterance("u1").audio(5);
        out.full = false;
        speaker.pump();
        out.full = true;
        tts.utterance("u1").audio(5); // held: the buffer is full
        Object tag = out.frames.get(0).tag();
        speaker.playoutStarted(tag);
        out.full = false;
        out.onClear = speaker::pump; // PlayoutBuffer.clear() fires writable() synchronously
        speaker.clear();
        assertEquals(0, out.frames.size(), "no frame of the cut utterance is offered again");
        speaker.playoutInterrupted(tag, 3);
        assertEquals(60, ((Event.SpeechInterrupted) events.get(1)).playedMs());
    }

    @Test
    void heardTextFollowsTheAlignmentToTheWord() {
        speaker.say(Command.Say.sentence("u1", "Hi Bob"));
        FakeUtterance u1 = tts.utterance("u1");
        // "Hi Bob": each character lasts 10 ms
        u1.listener.onAlignment(new Alignment(List.of("H", "i", " ", "B", "o", "b"),
                new int[] {0, 10, 20, 30, 40, 50}, new int[] {10, 10, 10, 10, 10, 10}));
        u1.audio(3).end();
        Object tag = out.frames.get(0).tag();
        speaker.playoutStarted(tag);
        speaker.clear();
        speaker.playoutInterrupted(tag, 2); // 40 ms: "Hi B" heard, "Bob" only begun
        Event.SpeechInterrupted interrupted = (Event.SpeechInterrupted) events.get(1);
        assertEquals("Hi", interrupted.heardText());
        assertNull(interrupted.estimated());
    }

    @Test
    void heardTextStopsAtAWholeWordWhenTheAlignmentEndsMidWord() {
        speaker.say(Command.Say.sentence("u1", "Hi Bobby"));
        FakeUtterance u1 = tts.utterance("u1");
        // The vendor stalled after "Hi Bo": its alignment ends inside the word.
        u1.listener.onAlignment(new Alignment(List.of("H", "i", " ", "B", "o"),
                new int[] {0, 10, 20, 30, 40}, new int[] {10, 10, 10, 10, 10}));
        u1.audio(3);
        Object tag = out.frames.get(0).tag();
        speaker.playoutStarted(tag);
        speaker.clear();
        speaker.playoutInterrupted(tag, 3);
        assertEquals("Hi", ((Event.SpeechInterrupted) events.get(1)).heardText());
    }

    @Test
    void framesThatArriveAfterTheCutAreDroppedAndCountedAsStale() {
        speaker.say(Command.Say.sentence("u1", "one two three"));
        tts.utterance("u1").audio(2);
        speaker.clear();
        // The cancel reaches the vendor later (OffLoopTtsSession): what it sent meanwhile must not play.
        tts.utterance("u1").audio(3).end();
        assertEquals(5, counters.framesReceived.sum());
        assertEquals(3, counters.framesStale.sum());
        assertEquals(2, counters.framesQueued.sum(), "only the frames from before the cut reached playout");
    }

    @Test
    void tokensOfAClearedUtteranceAreIgnored() {
        speaker.say(Command.Say.token("u1", "Hello", false));
        speaker.clear();
        speaker.say(Command.Say.token("u1", " world", true));
        assertEquals(1, tts.utterances.size());
        assertEquals(List.of("Hello"), tts.utterance("u1").texts);
    }

    @Test
    void overheadIsTtfaMinusVendorFirstByteSoTimeBeforeTheRequestCountsAsOurs() {
        speaker.say(Command.Say.sentence("u1", "Hello."));
        FakeUtterance u1 = tts.utterance("u1");
        nanos.addAndGet(30_000_000); // e.g. waiting for a clause boundary or a socket
        u1.listener.onRequestSent();
        nanos.addAndGet(75_000_000);
        u1.audio(1).end();
        nanos.addAndGet(10_000_000);
        Object tag = out.frames.get(0).tag();
        speaker.playoutStarted(tag);
        speaker.playoutFinished(tag, 1);
        assertEquals(new Event.Latency(115, 75, 40, 0, 10), ((Event.SpeechDone) events.get(1)).latency());
    }

    @Test
    void underrunIsWallTimeBeyondTheAudioPlayed() {
        speaker.say(Command.Say.sentence("u1", "Hello."));
        tts.utterance("u1").audio(3).end();
        Object tag = out.frames.get(0).tag();
        speaker.playoutStarted(tag);
        nanos.addAndGet(100_000_000); // 3 frames took 120 ms on the wire: 60 ms of silence between them
        speaker.playoutFinished(tag, 3);
        assertEquals(60, ((Event.SpeechDone) events.get(1)).latency().underrunMs());
    }

    @Test
    void dtmfDoesNotCutAnUtteranceThatOnlySpeechMayInterrupt() {
        speaker.say(new Command.Say("Listen.", "u1", true, Interruptible.SPEECH, false));
        assertFalse(speaker.callerInterrupted(InterruptReason.DTMF));
        assertTrue(speaker.callerInterrupted(InterruptReason.SPEECH));
        assertEquals(InterruptReason.SPEECH, ((Event.SpeechInterrupted) events.get(0)).reason());
    }

    @Test
    void aPreemptibleUtteranceIsReplacedByTheNextOne() {
        speaker.say(new Command.Say("Hold music words.", "u1", true, Interruptible.ANY, true));
        speaker.say(Command.Say.sentence("u2", "Your agent is here."));
        assertTrue(tts.utterance("u1").cancelled);
        assertEquals(InterruptReason.PREEMPTED, ((Event.SpeechInterrupted) events.get(0)).reason());
        assertTrue(speaker.speaking());
    }

    @Test
    void aMarkIsPlacedOnceTheFramesSaidBeforeItAreQueued() {
        speaker.mark("nothing-pending");
        assertEquals(new Event.Mark("nothing-pending"), events.get(0));
        speaker.say(Command.Say.sentence("u1", "Hello."));
        speaker.mark("after-hello");
        assertTrue(out.marks.isEmpty());
        tts.utterance("u1").audio(1).end();
        assertEquals(List.of("after-hello"), out.marks);
    }

    @Test
    void aFullBufferHoldsFramesBackUntilPumped() {
        out.full = true;
        speaker.say(Command.Say.sentence("u1", "Hello."));
        tts.utterance("u1").audio(3).end();
        assertEquals(0, out.frames.size());
        out.full = false;
        speaker.pump();
        assertEquals(3, out.frames.size());
        assertEquals(1, out.ended.size());
    }

    @Test
    void vendorErrorIsReportedAndWhatArrivedStillPlays() {
        speaker.say(Command.Say.sentence("u1", "Hello."));
        FakeUtterance u1 = tts.utterance("u1");
        u1.audio(2);
        u1.listener.onError(new TtsError("http_500", "boom", false));
        assertEquals(new Event.TtsError("u1", "http_500", "boom", null), events.get(0));
        assertEquals(2, out.frames.size());
        assertEquals(1, out.ended.size());
    }

    @Test
    void anUtteranceWithoutAudioIsDoneAtOnce() {
        speaker.say(Command.Say.sentence("u1", ""));
        tts.utterance("u1").end();
        assertEquals("u1", ((Event.SpeechDone) events.get(0)).utteranceId());
        assertFalse(speaker.speaking());
    }

    @Test
    void textBeyondTheLimitAsksTheBotToPauseAndDrainingResumes() {
        speaker.say(Command.Say.sentence("u1", "0123456789"));
        speaker.say(Command.Say.sentence("u2", "0123456789"));
        assertTrue(events.isEmpty(), "20 characters are within the limit");
        speaker.say(Command.Say.sentence("u3", "0123456789"));
        assertEquals(new Event.Backpressure(Event.BackpressureState.PAUSE, 30), events.get(0));
        tts.utterance("u1").audio(1).end();
        Object first = out.frames.get(0).tag();
        speaker.playoutStarted(first);
        speaker.playoutFinished(first, 1);
        assertTrue(events.stream().noneMatch(e -> e instanceof Event.Backpressure b
                && b.state() == Event.BackpressureState.RESUME), "20 left: not yet below half the limit");
        tts.utterance("u2").audio(1).end();
        Object second = out.frames.get(1).tag();
        speaker.playoutStarted(second);
        speaker.playoutFinished(second, 1);
        assertEquals(new Event.Backpressure(Event.BackpressureState.RESUME, 10), events.get(events.size() - 1));
        assertEquals(3, tts.utterances.size(), "no text was dropped");
    }

    @Test
    void utterancesAfterUseTtsGoToTheNewSession() {
        speaker.say(Command.Say.sentence("u1", "Old voice."));
        FakeTts other = new FakeTts();
        speaker.useTts(other, AudioFormat.PCM_8000);
        speaker.say(Command.Say.sentence("u2", "New voice."));
        assertEquals(1, tts.utterances.size());
        assertEquals(List.of("New voice."), other.utterance("u2").texts);
    }

    private static String id(Object tag) {
        return ((SpokenUtterance) tag).id;
    }

    @Test
    void audioPastAnUtterancesLimitIsDroppedCountedAndReportedOnceWhileWhatCamePlays() {
        speaker.say(Command.Say.sentence("u1", "Runaway."));
        tts.utterance("u1").audio(VendorStream.MAX_FRAMES).audio(3).end();
        assertEquals(VendorStream.MAX_FRAMES, out.frames.size(), "five minutes of audio play, no more");
        assertEquals(3, counters.framesOverLimit.sum());
        List<Event.TtsError> errors = events.stream().filter(Event.TtsError.class::isInstance)
                .map(Event.TtsError.class::cast).toList();
        assertEquals(1, errors.size(), "told once: " + errors);
        assertEquals("audio_limit", errors.get(0).code());
        assertEquals(1, out.ended.size(), "the utterance ends where its audio was cut");
    }

    @Test
    void aStreamRunningPastItsTimeLimitIsCutTheSameWay() {
        speaker.say(Command.Say.sentence("u1", "Slow."));
        tts.utterance("u1").audio(2);
        nanos.addAndGet(VendorStream.MAX_NANOS + 1);
        tts.utterance("u1").audio(2).end();
        assertEquals(2, out.frames.size());
        assertEquals(2, counters.framesOverLimit.sum());
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.TtsError error && error.code().equals("time_limit")),
                events.toString());
    }

    @Test
    void pastSixtyFourQueuedUtterancesANewOneIsRefusedOnceAndItsTokensDroppedQuietly() {
        for (int i = 0; i < Speaker.MAX_LIVE_UTTERANCES; i++) {
            speaker.say(Command.Say.sentence("u" + i, "Hi."));
        }
        speaker.say(Command.Say.token("extra", "More", false));
        speaker.say(Command.Say.token("extra", " text.", true));
        assertEquals(Speaker.MAX_LIVE_UTTERANCES, tts.utterances.size(), "the 65th never reaches the vendor");
        assertEquals(List.of("limit_reached"), errorCodes());
        assertEquals(1, counters.commandsRefused.sum());
    }

    @Test
    void textPastSixteenTimesTheBackpressureLimitIsRefusedOncePerUtterance() {
        int limit = 20 * Speaker.TEXT_HARD_LIMIT_FACTOR; // this speaker's maxBufferedChars is 20
        speaker.say(Command.Say.token("u1", "x".repeat(limit - 1), false));
        speaker.say(Command.Say.token("u1", "yy", false));
        speaker.say(Command.Say.token("u1", "zz", false));
        assertEquals(List.of("x".repeat(limit - 1)), tts.utterance("u1").texts, "nothing past the limit");
        assertEquals(List.of("limit_reached"), errorCodes(), "told once");
    }

    @Test
    void pastTwoHundredFiftySixPendingMarksAMarkIsRefusedUntilOneIsReported() {
        speaker.say(Command.Say.sentence("u1", "Long."));
        for (int i = 0; i < Speaker.MAX_PENDING_MARKS; i++) {
            speaker.mark("m" + i);
        }
        speaker.mark("one-too-many");
        assertEquals(List.of("limit_reached"), errorCodes());
        speaker.markReported();
        speaker.mark("room-again");
        assertEquals(1, errorCodes().size(), "a reported mark made room");
    }

    private List<String> errorCodes() {
        return events.stream().filter(Event.Error.class::isInstance).map(e -> ((Event.Error) e).code()).toList();
    }

    private static final class FakeTts implements TtsSession {
        final Map<String, FakeUtterance> utterances = new LinkedHashMap<>();

        @Override
        public Utterance start(String utteranceId, TtsListener listener) {
            FakeUtterance utterance = new FakeUtterance(listener);
            utterances.put(utteranceId, utterance);
            return utterance;
        }

        FakeUtterance utterance(String id) {
            return utterances.get(id);
        }

        @Override
        public void close() {
        }
    }

    private static final class FakeUtterance implements TtsSession.Utterance {
        final TtsListener listener;
        final List<String> texts = new ArrayList<>();
        boolean finished;
        boolean cancelled;

        FakeUtterance(TtsListener listener) {
            this.listener = listener;
        }

        FakeUtterance audio(int frames) {
            byte[] pcm = new byte[frames * FRAME_BYTES_PCM8];
            for (int i = 0; i < pcm.length; i += 2) {
                pcm[i + 1] = 0x10; // a constant, non-silent sample
            }
            listener.onAudio(pcm);
            return this;
        }

        void end() {
            listener.onEnd();
        }

        @Override
        public void append(String text) {
            texts.add(text);
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private record QueuedFrame(byte[] frame, Object tag) {
    }

    private static final class FakeOutput implements FrameOutput {
        final List<QueuedFrame> frames = new ArrayList<>();
        final List<Object> ended = new ArrayList<>();
        final List<String> marks = new ArrayList<>();
        boolean full;
        int clears;

        @Override
        public void offer(byte[] frame, Object tag) {
            assertEquals(160, frame.length);
            frames.add(new QueuedFrame(frame, tag));
        }

        @Override
        public void endOfUtterance(Object tag) {
            ended.add(tag);
        }

        @Override
        public void mark(String name) {
            marks.add(name);
        }

        @Override
        public boolean isFull() {
            return full;
        }

        @Override
        public void clear() {
            clears++;
            frames.clear();
            onClear.run();
        }

        /** What the real buffer does inside clear(): report writable at once. */
        Runnable onClear = () -> { };
    }
}
