package io.sayline.tools.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.testing.Await;
import io.sayline.tools.sipp.SippFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SIPp places concurrent calls with an SDP offer; every one is answered, spoken to and hung up cleanly. */
class SippInteropTest extends SaylineUnderTest {

    @Test
    void tenConcurrentSippCallsAllComplete() throws Exception {
        Path scenario = Sipp.scenario("uac_pcmu.xml", dir);
        start("", "32000-32199");
        int calls = 10;
        Sipp.Result result = Sipp.run(dir, 90, "-sf", scenario.toString(), "-s", "demo",
                "-m", String.valueOf(calls), "-l", String.valueOf(calls), "-r", String.valueOf(calls),
                "-d", "3000", "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + server.sipPort());
        assertEquals(0, result.exitCode(), "SIPp exit code; output:\n" + result.tail());
        assertEquals(calls, result.successfulCalls(), result.tail());
        assertEquals(0, result.failedCalls(), result.tail());
        Await.until(() -> server.calls().size() == 0, Duration.ofSeconds(5), "every call released");
        assertTrue(server.metrics().render().contains("sayline_calls_total " + calls), server.metrics().render());
    }

    @Test
    void aRouteWithDigestAuthAnswersTheRightPasswordAndChallengesAWrongOneAgain() throws Exception {
        start("routes:\n  - { match: \".*\", bot: \"builtin:demo\", tts: embedded,\n"
                + "      auth: { realm: sayline.test, users: { pbx1: s3cret } } }\n", "32200-32399");
        Path scenario = Sipp.scenario("uac_auth.xml", dir);
        Sipp.Result right = sipp(scenario, "s3cret");
        assertEquals(0, right.exitCode(), "right password:\n" + right.tail());
        assertEquals(3, right.successfulCalls(), right.tail());
        Sipp.Result wrong = sipp(scenario, "guess");
        assertEquals(0, wrong.successfulCalls(), "wrong password:\n" + wrong.tail());
        String metrics = server.metrics().render();
        assertTrue(metric("sayline_sip_auth_failures_total") >= 3,
                "each wrong INVITE (and its retransmissions) counted: " + metrics);
        assertTrue(metrics.contains("sayline_calls_total 3"), "only the authenticated calls were taken: " + metrics);
    }

    private Sipp.Result sipp(Path scenario, String password) throws Exception {
        return Sipp.run(dir, 60, "-sf", scenario.toString(), "-s", "ivr", "-au", "pbx1", "-ap", password,
                "-m", "3", "-l", "3", "-r", "3", "-d", "1000", "-i", "127.0.0.1",
                "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + server.sipPort());
    }
}
