package io.sayline.tools.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.CommandLine;
import io.sayline.core.server.SaylineServer;
import io.sayline.core.testing.Await;
import io.sayline.tools.sipp.SippFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIPp places concurrent calls with an SDP offer; every one is answered, spoken to and hung up cleanly. */
class SippInteropTest {
    @TempDir
    Path dir;
    private SaylineServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tenConcurrentSippCallsAllComplete() throws Exception {
        Path scenario = Sipp.scenario("uac_pcmu.xml", dir);
        server = SaylineServer.start(CommandLine.parse("--bind", "127.0.0.1", "--sip-port", "0", "--http-port", "0",
                "--rtp-ports", "32000-32199").load(Map.of()));
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
}
