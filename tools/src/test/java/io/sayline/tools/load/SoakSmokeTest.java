package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.tools.interop.Sipp;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11's soak in CI: 200 calls, 20 at a time, over 2 minutes (12 s each on average), with speech, key presses,
 * clears and random hang-ups, against Sayline with Netty's leak detector at paranoid. Asserts no failed call, no leak
 * report, every call and port released, and every watched series flat after warm-up (the first fifth of the run,
 * 24 s: the calls ramp up over their first 12 s). Flatness is judged on levels with each series' slack, not on
 * timing, so a loaded 2-core machine slows it without failing it. About 2.5 minutes: tools' longest test. Needs SIPp
 * (Debian sip-tester, with its RFC 4733 captures): under {@code CI=true} a missing SIPp fails the test.
 */
class SoakSmokeTest {
    private static final Path SAYLINE_JAR = Path.of("../core/target/sayline.jar");
    private static final int CALLS = 200;
    /** The RFC 4733 capture uac_soak.xml replays, shipped by Debian's sip-tester. */
    private static final Path KEY_PRESS = Path.of("/usr/share/sip-tester/dtmf_2833_1.pcap");

    @TempDir
    Path out;

    @Test
    void twoMinutesOfCyclingCallsLeakNothing() throws Exception {
        Sipp.binary();
        Sipp.required(Optional.of(KEY_PRESS).filter(Files::isRegularFile).map(Path::toString),
                "no " + KEY_PRESS + " (apt-get install sip-tester; .ci/run does this)");
        assertTrue(Files.isRegularFile(SAYLINE_JAR), SAYLINE_JAR + " is built by the core module's package phase");
        SoakCommand options = parse("--calls-total", Integer.toString(CALLS), "--concurrent", "20", "--minutes", "2",
                "--sample-seconds", "2", "--gc-seconds", "4", "--jar", SAYLINE_JAR.toString(), "--out", out.toString(),
                "--smoke");

        SoakVerdict v = new SoakRun(options).run();

        assertEquals(CALLS, v.completed(), "completed calls; see " + out.resolve("sipp.log"));
        assertEquals(0, v.failedCalls(), "failed calls (SIPp)");
        assertEquals(0, v.gatewayFailed(), "calls Sayline ended with error");
        assertEquals(0, v.leakReports(), "Netty leak reports, first: " + v.firstLeak());
        assertNull(v.firstLeak());
        assertEquals(0, v.logDropped(), "gateway log lines dropped");
        assertTrue(v.released(), "calls and RTP ports released after the last call");
        v.trends().forEach((series, f) -> assertTrue(f.flat(), series.label() + " not flat: " + f));
        assertTrue(v.passed(), String.join("; ", v.reasons()));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, execute("--calls-total", "0"));
        assertEquals(2, execute("--concurrent", "200", "--calls-total", "100"));
        assertEquals(2, execute("--calls-total", "10000", "--concurrent", "10", "--minutes", "1"),
                "calls of 0.06 s cannot hold a scenario of 3 s");
        assertEquals(2, execute("--jar", out.resolve("missing.jar").toString()));
    }

    private static SoakCommand parse(String... args) {
        SoakCommand options = new SoakCommand();
        SoakCommand.commandLine(options).parseArgs(args);
        options.validate();
        return options;
    }

    private static int execute(String... args) {
        return SoakCommand.commandLine(new SoakCommand()).setErr(new PrintWriter(new ByteArrayOutputStream(), true))
                .execute(args);
    }
}
