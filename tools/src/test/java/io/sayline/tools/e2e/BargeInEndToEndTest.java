package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Event.BackpressureState;
import io.sayline.core.control.protocol.Event.InterruptReason;
import io.sayline.core.testing.Await;
import io.sayline.core.testing.TestBot;
import io.sayline.tools.elsim.ElevenLabsSimulator;
import io.sayline.tools.elsim.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cutting speech short, end to end (issue #5): {@code clear}, caller speech, and the flow control around a
 * long utterance ({@code backpressure}, {@code configure}). The simulator paces its audio at real time so a
 * {@code clear} lands mid-utterance with most of the audio still unsynthesized, as with a real vendor.
 */
class BargeInEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final double MS_PER_CHAR = 40;
    /** 62 characters: 2.5 s of tone at 40 ms per character. */
    private static final String LONG_TEXT = "one two three four five six seven eight nine ten eleven twelve";
    /** The bar: the caller's audio stops this soon after the bot's clear. */
    private static final long CLEAR_TO_SILENCE_MS = 60;
    /** The bar for playedMs against the audio on the wire. */
    private static final long PLAYED_TOLERANCE_MS = 100;

    @TempDir
    static Path dir;
    private static ElevenLabsSimulator sim;
    private static TestBot bot;
    private static E2eServer sayline;

    @BeforeAll
    static void startAll() throws Exception {
        sim = ElevenLabsSimulator.builder().port(0).signal("tones:1000,2000").msPerChar(MS_PER_CHAR)
                .firstChunkDelayMs(5).realTimeFactor(1.0).build().start();
        bot = new TestBot();
        sayline = E2eServer.start(dir, "34200-34399", E2eServer.yaml(sim, bot.url(), ""));
    }

    @AfterAll
    static void stopAll() throws Exception {
        E2eServer.closeAll(sayline, bot, sim);
    }

    /** Says {@link #LONG_TEXT}, waits until {@code heardMs} of it reached the caller, then sends clear. */
    private record Cleared(Talkspurt wire, long clearNanos, Event.SpeechInterrupted interrupted, long eventNanos) {
    }

    private static Cleared clearAfter(Caller caller, TestBot.Session session, long heardMs) throws Exception {
        long sayNanos = System.nanoTime();
        session.send(Command.Say.sentence("long", LONG_TEXT));
        session.await(Event.SpeechStarted.class, WAIT);
        Await.until(() -> Talkspurt.after(caller.rtp.packets(), sayNanos).durationMs() >= heardMs, WAIT,
                heardMs + " ms of speech on the wire");
        long clearNanos = System.nanoTime();
        session.send(new Command.Clear());
        List<Event> events = new ArrayList<>();
        try {
            while (events.isEmpty() || !(events.get(events.size() - 1) instanceof Event.SpeechInterrupted
                    || events.get(events.size() - 1) instanceof Event.SpeechDone)) {
                events.add(session.await(e -> true, WAIT));
            }
        } catch (AssertionError e) {
            throw new AssertionError("no speech.interrupted after clear; events since: " + events + "; "
                    + wireSummary(caller, sayNanos, clearNanos), e);
        }
        long eventNanos = System.nanoTime();
        caller.rtp.awaitArrivalsAfter(eventNanos, 5, WAIT); // so whatever was still on its way has arrived
        if (!(events.get(events.size() - 1) instanceof Event.SpeechInterrupted interrupted)) {
            throw new AssertionError("clear did not interrupt: " + events + "; " + wireSummary(caller, sayNanos, clearNanos));
        }
        return new Cleared(Talkspurt.after(caller.rtp.packets(), sayNanos), clearNanos, interrupted, eventNanos);
    }

    private static String wireSummary(Caller caller, long sayNanos, long clearNanos) {
        Talkspurt wire = Talkspurt.after(caller.rtp.packets(), sayNanos);
        return wire.isEmpty() ? "no speech on the wire" : "speech on the wire " + wire.durationMs()
                + " ms, last audible frame " + (wire.lastArrivalNanos() - clearNanos) / 1_000_000 + " ms after clear";
    }

    @Test
    void clearStopsTheCallerAudioWithin60MsInAFadeAndReportsTheWordsHeard() throws Exception {
        assertAlignedClear("clear");
    }

    @Test
    void clearWithAFullPlayoutBufferStopsWithin60MsInAFadeAndReportsTheWordsHeard() throws Exception {
        // A vendor faster than real time keeps the playout buffer full, so the clear must drop queued audio.
        sim.knobs(sim.knobs().toBuilder().realTimeFactor(1.5).build());
        try {
            assertAlignedClear("clear-full");
        } finally {
            sim.knobs(sim.knobs().toBuilder().realTimeFactor(1.0).build());
        }
    }

    @Test
    void clearWhileTheVendorStallsIsReported() throws Exception {
        // The vendor sends 600 ms of audio and then nothing: the playout buffer runs dry mid-utterance,
        // and the bot gives up on it with a clear.
        sim.knobs(sim.knobs().toBuilder().stallAfterMs(600).build());
        try (Caller caller = Caller.dial(sayline.sipPort(), "clear-stall")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            long sayNanos = System.nanoTime();
            session.send(Command.Say.sentence("stalled", LONG_TEXT));
            session.await(Event.SpeechStarted.class, WAIT);
            // The vendor's 600 ms include word gaps of idle frames, which audioMs() does not count: wait for
            // most of it, then for the underrun. The gaps last up to 6 frames; 10 quiet frames in a row are
            // the playout buffer running dry, well before Sayline's 3 s stall timer switches vendors.
            Await.until(() -> Talkspurt.after(caller.rtp.packets(), sayNanos).audioMs() >= 400, WAIT,
                    "most of the 600 ms the vendor sent");
            Await.until(() -> Talkspurt.trailingQuietFrames(caller.rtp.packets()) >= 10, WAIT,
                    "200 ms of silence after the stalled audio: the playout buffer ran dry");
            session.send(new Command.Clear());
            Event event;
            try {
                event = session.await(e -> e instanceof Event.SpeechInterrupted || e instanceof Event.SpeechDone,
                        Duration.ofSeconds(3));
            } catch (AssertionError e) {
                throw new AssertionError("no speech.interrupted within 3 s of a clear sent while the playout buffer"
                        + " was empty: the event is lost", e);
            }
            Event.SpeechInterrupted interrupted = assertInstanceOf(Event.SpeechInterrupted.class, event,
                    "clear during an underrun is reported");
            assertEquals(InterruptReason.CLEAR, interrupted.reason());
            long audioMs = Talkspurt.after(caller.rtp.packets(), sayNanos).audioMs();
            assertTrue(Math.abs(interrupted.playedMs() - audioMs) <= PLAYED_TOLERANCE_MS,
                    "playedMs " + interrupted.playedMs() + " vs " + audioMs + " ms of audio on the wire");
            // The vendor's alignment ends mid-word ("...three f"); what was heard of that word is not a word.
            assertWholeWordPrefix(LONG_TEXT, interrupted.heardText());
            caller.bye();
        } finally {
            sim.knobs(sim.knobs().toBuilder().stallAfterMs(-1).build());
        }
    }

    private static void assertAlignedClear(String user) throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), user)) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            Cleared cleared = clearAfter(caller, session, 800);
            Talkspurt wire = cleared.wire();
            Event.SpeechInterrupted interrupted = cleared.interrupted();

            long stopMs = (wire.lastArrivalNanos() - cleared.clearNanos()) / 1_000_000;
            System.out.printf(user + " (aligned): last audible frame %d ms after clear, playedMs %d, wire %d ms audio"
                    + " in a %d ms span, heard '%s'%n", stopMs, interrupted.playedMs(), wire.audioMs(), wire.durationMs(),
                    interrupted.heardText());
            assertTrue(stopMs <= CLEAR_TO_SILENCE_MS, "last audible frame " + stopMs + " ms after clear (bar "
                    + CLEAR_TO_SILENCE_MS + " ms); " + levelsAfter(caller, cleared));
            int typical = wire.typicalPeak();
            int tailPeak = Talkspurt.peak(wire.last(), 80, 160);
            assertTrue(tailPeak < typical / 2, "ends in a fade: the last 10 ms peak at " + tailPeak
                    + ", the utterance at " + typical + "; " + Talkspurt.describe(wire.last()));

            assertEquals("long", interrupted.utteranceId());
            assertEquals(InterruptReason.CLEAR, interrupted.reason());
            // Tones have no quiet frames: every frame of the utterance is audible, underrun gaps are idle silence.
            assertTrue(Math.abs(interrupted.playedMs() - wire.audioMs()) <= PLAYED_TOLERANCE_MS,
                    "playedMs " + interrupted.playedMs() + " vs " + wire.audioMs() + " ms of audio on the wire (span "
                            + wire.durationMs() + " ms)");
            assertNull(interrupted.estimated(), "the aligned vendor gives an exact heardText, not an estimate");
            assertWholeWordPrefix(LONG_TEXT, interrupted.heardText());
            // The simulator's alignment spreads the audio evenly over the characters.
            String expected = wholeWords(LONG_TEXT, (int) (interrupted.playedMs() / MS_PER_CHAR));
            int words = words(interrupted.heardText());
            assertTrue(Math.abs(words - words(expected)) <= 1, "heardText '" + interrupted.heardText()
                    + "' vs about '" + expected + "' for " + interrupted.playedMs() + " ms");
            assertTrue(words >= 2, "most of 800 ms were heard: '" + interrupted.heardText() + "'");
            caller.bye();
        }
    }

    @Test
    void clearWithTheEmbeddedEngineReportsAnEstimatedHeardText() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "emb-clear")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            Cleared cleared = clearAfter(caller, session, 600);
            Event.SpeechInterrupted interrupted = cleared.interrupted();
            assertEquals(InterruptReason.CLEAR, interrupted.reason());
            assertEquals(Boolean.TRUE, interrupted.estimated(), "no alignment: flagged as estimated");
            assertWholeWordPrefix(LONG_TEXT, interrupted.heardText());
            long stopMs = (cleared.wire().lastArrivalNanos() - cleared.clearNanos()) / 1_000_000;
            assertTrue(stopMs <= CLEAR_TO_SILENCE_MS, "last audible frame " + stopMs + " ms after clear; "
                    + levelsAfter(caller, cleared));
            Talkspurt wire = cleared.wire();
            int tailPeak = Talkspurt.peak(wire.last(), 80, 160);
            assertTrue(tailPeak < wire.typicalPeak() / 2, "ends in a fade: the last 10 ms peak at " + tailPeak
                    + ", the utterance at " + wire.typicalPeak() + "; " + Talkspurt.describe(wire.last()));
            // Speech has quiet frames of its own: playedMs lies between the audible frames and the whole span.
            assertTrue(interrupted.playedMs() >= cleared.wire().audioMs() - PLAYED_TOLERANCE_MS
                            && interrupted.playedMs() <= cleared.wire().durationMs() + PLAYED_TOLERANCE_MS,
                    "playedMs " + interrupted.playedMs() + " vs " + cleared.wire().audioMs() + " ms of audio in a "
                            + cleared.wire().durationMs() + " ms span on the wire");
            caller.bye();
        }
    }

    @Test
    void loudCallerSpeechInterruptsTheUtterance() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "speech")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            caller.sendTone(1000, 0, 100); // an ordinary caller: silence packets from the start
            session.send(Command.Say.sentence("talky", LONG_TEXT));
            session.await(Event.SpeechStarted.class, WAIT);
            long toneNanos = System.nanoTime();
            caller.sendTone(1000, 16000, 300);
            List<Event> events = new ArrayList<>();
            try {
                while (events.isEmpty() || !(events.get(events.size() - 1) instanceof Event.SpeechInterrupted
                        || events.get(events.size() - 1) instanceof Event.SpeechDone)) {
                    events.add(session.await(e -> true, WAIT));
                }
            } catch (AssertionError e) {
                throw new AssertionError("neither speech.interrupted nor speech.done after the caller's tone; events "
                        + events + "; speech on the wire after the tone: "
                        + Talkspurt.after(caller.rtp.packets(), toneNanos).durationMs() + " ms", e);
            }
            if (!(events.get(events.size() - 1) instanceof Event.SpeechInterrupted interrupted)) {
                throw new AssertionError("the caller's 300 ms tone did not interrupt: " + events);
            }
            assertEquals("talky", interrupted.utteranceId());
            assertEquals(InterruptReason.SPEECH, interrupted.reason(), "barge-in by caller speech");
            assertTrue(interrupted.playedMs() < LONG_TEXT.length() * MS_PER_CHAR, "cut short");
            caller.bye();
        }
    }

    @Test
    void aBotThatWritesFasterThanTheCallerListensIsPausedAndResumed() throws Exception {
        try (E2eServer tight = E2eServer.start(dir, "34700-34799",
                E2eServer.yaml(sim, bot.url(), "control:\n  maxBufferedChars: 40\n"));
             Caller caller = Caller.dial(tight.sipPort(), "backpressure")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            session.send(Command.Say.sentence("b1", "First of three."));
            session.send(Command.Say.sentence("b2", "Second of three."));
            session.send(Command.Say.sentence("b3", "Third of three."));
            List<Event> events = new ArrayList<>();
            while (!(events.size() > 0 && events.get(events.size() - 1) instanceof Event.SpeechDone d
                    && d.utteranceId().equals("b3"))) {
                events.add(session.await(e -> true, WAIT));
            }
            List<Event.Backpressure> flow = events.stream().filter(e -> e instanceof Event.Backpressure)
                    .map(e -> (Event.Backpressure) e).toList();
            assertFalse(flow.isEmpty(), "backpressure events: " + events);
            assertEquals(BackpressureState.PAUSE, flow.get(0).state(), flow.toString());
            assertTrue(flow.get(0).bufferedChars() > 40, flow.toString());
            assertEquals(BackpressureState.RESUME, flow.get(flow.size() - 1).state(), "resumed once drained: " + flow);
            assertTrue(flow.get(flow.size() - 1).bufferedChars() < 20, flow.toString());
            caller.bye();
        }
    }

    @Test
    void configureSwitchesTheVendorForLaterUtterances() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "configure")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            session.send(new Command.Configure(Map.of("voiceId", "other")));
            session.send(Command.Say.sentence("c1", "Other voice."));
            session.await(Event.SpeechDone.class, WAIT);
            assertTrue(sim.received().stream().anyMatch(r -> r.kind() == RecordedRequest.Kind.WS_OPEN
                            && r.path().contains("/other/")),
                    "the later utterance used the configured voice");

            int before = sim.received().size();
            session.send(new Command.Configure(Map.of("vendor", "embedded")));
            session.send(Command.Say.sentence("c2", "Embedded now."));
            List<Event> events = new ArrayList<>();
            while (events.isEmpty() || !(events.get(events.size() - 1) instanceof Event.SpeechDone)) {
                events.add(session.await(e -> true, WAIT));
            }
            assertTrue(events.stream().noneMatch(e -> e instanceof Event.Error), "configure accepted: " + events);
            List<RecordedRequest> later = sim.received().subList(before, sim.received().size());
            assertTrue(later.stream().noneMatch(r -> r.kind() == RecordedRequest.Kind.WS_MESSAGE
                            && String.valueOf(r.body()).contains("Embedded now")),
                    "the embedded engine spoke c2, not the simulator: " + later);
            caller.bye();
        }
    }

    /** Arrival (ms after clear) and level of the frames around the clear, for failure messages. */
    private static String levelsAfter(Caller caller, Cleared cleared) {
        long clearNanos = cleared.clearNanos();
        StringBuilder out = new StringBuilder("speech.interrupted arrived " + (cleared.eventNanos() - clearNanos) / 1_000_000
                + " ms after clear; frames from 60 ms before clear [ms:level]:");
        for (var packet : caller.rtp.packets()) {
            long ms = (packet.arrivalNanos() - clearNanos) / 1_000_000;
            if (ms >= -60 && ms <= 3000 && packet.payloadType() == 0 && (ms < 300 || packet.level() > 8)) {
                out.append(' ').append(ms).append(':').append(Math.round(packet.level())).append(packet.marker() ? "M" : "");
            }
        }
        return out.toString();
    }

    static void assertWholeWordPrefix(String text, String heard) {
        assertTrue(text.startsWith(heard), "'" + heard + "' is a prefix of '" + text + "'");
        assertTrue(heard.isEmpty() || heard.length() == text.length() || text.charAt(heard.length()) == ' ',
                "'" + heard + "' ends at a word boundary");
    }

    static String wholeWords(String text, int chars) {
        if (chars >= text.length()) {
            return text;
        }
        int space = text.lastIndexOf(' ', chars);
        return space < 0 ? "" : text.substring(0, space);
    }

    static int words(String text) {
        return text.isBlank() ? 0 : (int) Arrays.stream(text.trim().split("\\s+")).count();
    }
}
