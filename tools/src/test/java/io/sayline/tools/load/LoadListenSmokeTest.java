package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.tools.interop.Sipp;
import io.sayline.tools.sipp.SpeechCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code load --listen ulaw --transcribe} end to end on a small scale (issue #10's load acceptance): 5 calls of
 * 8 s whose callers speak (SIPp playing speech) while the bot keeps talking, listens and transcribes. It checks
 * that nothing is lost, not timing: every call completed, the capture holds Sayline's streams only (SIPp's own
 * RTP goes the other way), the bot got caller frames and finals, and Sayline counted no caller frame lost-filled
 * (on loopback the wire loses none). Needs SIPp, its speech capture and a capture tool: under {@code CI=true} a
 * missing one fails the test, elsewhere it is skipped.
 */
class LoadListenSmokeTest {
    private static final Path SAYLINE_JAR = Path.of("../core/target/sayline.jar");
    private static final int CALLS = 5;
    private static final int SECONDS = 8;

    @TempDir
    Path out;

    @Test
    void listeningAndTranscribingCallsLoseNoCallerFrame() throws Exception {
        Sipp.binary();
        Sipp.required(PacketCapture.tool(), "no capture tool (apt-get install tshark; .ci/run does this)");
        Sipp.required(SpeechCapture.sippSpeech(), SpeechCapture.SIPP_SPEECH + " is missing (apt-get install "
                + "sip-tester; .ci/run does this)");
        assertTrue(Files.isRegularFile(SAYLINE_JAR), SAYLINE_JAR + " is built by the core module's package phase");
        LoadCommand options = new LoadCommand();
        LoadCommand.commandLine(options).parseArgs("--calls", Integer.toString(CALLS), "--rate", "5",
                "--duration", Integer.toString(SECONDS), "--listen", "ulaw", "--transcribe",
                "--jar", SAYLINE_JAR.toString(), "--out", out.toString(), "--smoke");
        options.validate();

        LoadFigures f = new LoadRun(options).run();

        assertEquals(0, f.failed(), "failed calls; see " + out.resolve("sipp.log"));
        assertEquals(0, f.botFailures(), "calls that lost their bot; see " + out.resolve("sayline.log"));
        assertEquals(CALLS, f.completed());
        assertEquals(CALLS, f.streams(), "one RTP stream per call in the capture: Sayline's, not SIPp's speech");
        assertEquals(0, f.sequenceGaps(), "sequence gaps");
        CallerFigures caller = f.caller();
        assertNotNull(caller, "caller figures with --listen");
        BotTally.CallerHeard bot = caller.bot();
        // 50 frames a second from the first caller packet on: at least half of each call's length, whatever the load
        assertTrue(bot.frames() >= CALLS * SECONDS * 25L, "caller frames to the bot: " + bot);
        assertEquals(0, bot.lostFrames(), "frames flagged lost: " + bot);
        assertEquals(0, bot.sequenceGaps(), "frames dropped for the bot: " + bot);
        assertTrue(bot.finals() >= CALLS, "a final per phrase, two phrases a call end before the hang-up: " + bot);
        assertEquals(0, bot.sttErrors(), "stt.error: " + bot);
        assertEquals(0.0, caller.saylineCount(CallerFigures.LOST_FILLED), "Sayline's lost-filled caller frames: "
                + caller.sayline());
        assertEquals(0.0, caller.saylineCount(CallerFigures.OVERFLOW_DROPPED), "listen overflow: " + caller.sayline());
        assertTrue(caller.saylineCount("sayline_stt_transcripts_total{kind=\"final\"}") >= bot.finals(),
                "Sayline sent at least the finals the bot got: " + caller.sayline());
        assertTrue(f.passed(), "caller problems: " + caller.problems());
    }
}
