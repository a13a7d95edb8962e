package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.tools.interop.Sipp;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tool end to end on a small scale: 20 calls of 8 s talking through the simulator, SIPp and a
 * capture. It checks correctness (every call completed, every stream continuous, the bot kept talking), not
 * timing: pacing on a shared 2-core machine under a test suite says nothing. Needs SIPp and a capture tool:
 * under {@code CI=true} a missing one fails the test, elsewhere it is skipped.
 */
class LoadSmokeTest {
    private static final Path SAYLINE_JAR = Path.of("../core/target/sayline.jar");
    private static final int CALLS = 20;

    @TempDir
    Path out;

    @Test
    void twentyTalkingCallsCompleteWithContinuousStreams() throws Exception {
        Sipp.binary();
        Sipp.required(PacketCapture.tool(), "no capture tool (apt-get install tshark; .ci/run does this)");
        assertTrue(Files.isRegularFile(SAYLINE_JAR), SAYLINE_JAR + " is built by the core module's package phase");
        LoadCommand options = parse("--calls", Integer.toString(CALLS), "--rate", "20", "--duration", "8",
                "--jar", SAYLINE_JAR.toString(), "--out", out.toString(), "--smoke");

        LoadFigures f = new LoadRun(options).run();

        assertEquals(0, f.failed(), "failed calls; see " + out.resolve("sipp.log"));
        assertEquals(0, f.botFailures(), "calls that lost their bot; see " + out.resolve("sayline.log"));
        assertEquals(CALLS, f.completed());
        assertEquals(CALLS, f.streams(), "one RTP stream per call in the capture");
        assertEquals(0, f.sequenceGaps(), "sequence gaps");
        assertEquals(0, f.sequenceJumps(), "sequence jumps");
        assertEquals(0, f.timestampJumps(), "timestamp jumps inside talkspurts");
        assertTrue(f.utterancesDone() >= CALLS, "every call should finish at least one utterance: "
                + f.utterancesDone());
        assertEquals(f.utterancesDone(), f.ttfa().count(), "a TTFA for every speech.done");
        assertTrue(f.loopsGaveWay() >= 0, "the gateway's give-way count, read from /metrics: " + f.loopsGaveWay());
        assertTrue(f.botLoopLateMaxMs() >= 0, "the bot loop's checks ran: " + f.botLoopLateMaxMs());
        assertTrue(f.passed());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, execute("--calls", "0"));
        assertEquals(2, execute("--mode", "carrier-pigeon"));
        assertEquals(2, execute("--deopt-at", "-1"));
        assertEquals(2, execute("--jar", out.resolve("missing.jar").toString()));
        String jar = SAYLINE_JAR.toString();
        assertEquals(2, execute("--jar", jar, "--listen", "mp3"));
        assertEquals(2, execute("--jar", jar, "--listen", "ulaw:16000"));
        assertEquals(2, execute("--jar", jar, "--listen", "off"));
    }

    private static LoadCommand parse(String... args) {
        LoadCommand options = new LoadCommand();
        LoadCommand.commandLine(options).parseArgs(args);
        options.validate();
        return options;
    }

    private static int execute(String... args) {
        return LoadCommand.commandLine(new LoadCommand()).setErr(new PrintWriter(new ByteArrayOutputStream(), true))
                .execute(args);
    }
}
