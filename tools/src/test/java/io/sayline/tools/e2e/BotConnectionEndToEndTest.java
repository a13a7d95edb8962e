package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Event.EndReason;
import io.sayline.core.testing.TestBot;
import io.sayline.tools.elsim.ElevenLabsSimulator;
import java.nio.file.Path;
import java.time.Duration;
import javax.sip.RequestEvent;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control connection and the call's life around it, end to end (issue #5): a bot that sends broken
 * frames or drops its socket ({@link RawBot}), and a caller that sends no RTP.
 */
class BotConnectionEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static ElevenLabsSimulator sim;
    private static TestBot bot;
    private static RawBot rawBot;
    private static E2eServer sayline;

    @BeforeAll
    static void startAll() throws Exception {
        sim = ElevenLabsSimulator.builder().port(0).signal("tones:1000,2000").msPerChar(20)
                .firstChunkDelayMs(5).build().start();
        bot = new TestBot();
        rawBot = new RawBot();
        sayline = E2eServer.start(dir, "34800-34899", E2eServer.yaml(sim, bot.url(), rawBot.url(), ""));
    }

    @AfterAll
    static void stopAll() throws Exception {
        E2eServer.closeAll(sayline, rawBot, bot, sim);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    // ---- bad input from the bot ----

    @Test
    void badFramesGetErrorEventsNamingTheProblemAndTheCallGoesOn() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "raw-bad")) {
            RawBot.Connection bad = rawBot.awaitConnection(WAIT);
            bad.await(Event.SessionStart.class, WAIT);

            bad.sendText("{\"type\": \"say\", \"text\": ");
            assertError(bad, "invalid_json", null, null);
            bad.sendText("{\"type\": \"sing\", \"text\": \"la\"}");
            assertError(bad, "unknown_type", "sing", "sing");
            bad.sendText("{\"type\": \"say\"}");
            assertError(bad, "missing_field", "say", "text");
            bad.sendText("{\"type\": \"say\", \"text\": 5}");
            assertError(bad, "wrong_type", "say", "text");
            bad.sendText("{\"type\": \"dtmf\", \"digits\": \"12x\"}");
            assertError(bad, "invalid_value", "dtmf", "x");
            bad.sendBinary(new byte[] {1, 2, 3});
            assertError(bad, "binary_frame", null, null);
            bad.sendText("{\"type\": \"say\", \"text\": \"" + "a".repeat(70 * 1024) + "\"}");
            assertError(bad, "frame_too_large", null, null);

            bad.send(Command.Say.sentence("ok", "Still fine."));
            assertEquals("ok", bad.await(Event.SpeechDone.class, WAIT).utteranceId(), "the call went on");
            caller.bye();
        }
    }

    private static void assertError(RawBot.Connection connection, String code, String ref, String messagePart)
            throws InterruptedException {
        Event.Error error = connection.await(Event.Error.class, WAIT);
        assertEquals(code, error.code(), error.toString());
        if (ref != null) {
            assertEquals(ref, error.ref(), error.toString());
        }
        if (messagePart != null) {
            assertTrue(error.message().contains(messagePart), "message names the problem: " + error);
        }
    }

    // ---- reconnection ----

    @Test
    void droppedBotIsReconnectedWithResumedAndASecondDropEndsTheCallWithAnApology() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "raw-drop")) {
            RawBot.Connection first = rawBot.awaitConnection(WAIT);
            Event.SessionStart start = first.await(Event.SessionStart.class, WAIT);
            assertNotEquals(Boolean.TRUE, start.resumed(), "a first connection is not resumed");

            long droppedNanos = System.nanoTime();
            first.drop();
            RawBot.Connection second = rawBot.awaitConnection(Duration.ofSeconds(2));
            Event.SessionStart resumed = second.await(Event.SessionStart.class, WAIT);
            assertEquals(Boolean.TRUE, resumed.resumed(), "session.start says resumed");
            assertEquals(start.callId(), resumed.callId());
            assertTrue(millis(second.handshakeNanos() - droppedNanos) <= 2000, "reconnected within 2 s");
            second.send(Command.Say.sentence("r1", "Back again."));
            assertEquals("r1", second.await(Event.SpeechDone.class, WAIT).utteranceId(), "the resumed bot is obeyed");

            long secondDropNanos = System.nanoTime();
            second.drop();
            RequestEvent bye = caller.uac.awaitRequest(Request.BYE);
            caller.uac.respond(bye, 200);
            Talkspurt apology = Talkspurt.after(caller.rtp.packets(), secondDropNanos);
            assertTrue(apology.durationMs() >= 500, "the caller heard an apology: " + apology.durationMs() + " ms");
        }
    }

    // ---- RTP timeout ----

    @Test
    void silentCallerIsHungUpAfterTheRtpTimeout() throws Exception {
        try (E2eServer strict = E2eServer.start(dir, "34600-34699",
                E2eServer.yaml(null, bot.url(), "rtp:\n  rtpTimeoutSeconds: 1\n"));
             Caller caller = Caller.dial(strict.sipPort(), "silent")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            RequestEvent bye = caller.uac.awaitRequest(Request.BYE);
            caller.uac.respond(bye, 200);
            Event.SessionEnd end = session.await(Event.SessionEnd.class, WAIT);
            assertEquals(EndReason.RTP_TIMEOUT, end.reason());
            assertTrue(end.durationMs() < 5000, "ended by the 1 s timeout, after " + end.durationMs() + " ms");
        }
    }
}
