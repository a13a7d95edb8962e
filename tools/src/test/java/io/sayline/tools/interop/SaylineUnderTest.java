package io.sayline.tools.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.CommandLine;
import io.sayline.core.server.SaylineServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A Sayline server on loopback per test, with a scratch folder for SIPp's scenarios and logs; stopped after. */
abstract class SaylineUnderTest {
    @TempDir
    Path dir;
    SaylineServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The value of one series in the server's /metrics now; fails when it is absent. */
    long metric(String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
                .matcher(server.metrics().render());
        assertTrue(matcher.find(), series + " missing from /metrics");
        return (long) Double.parseDouble(matcher.group(1));
    }

    /** Starts the server on free SIP and HTTP ports, RTP in {@code rtpPorts}, with {@code yaml} as its file. */
    SaylineServer start(String yaml, String rtpPorts) throws Exception {
        Path file = dir.resolve("sayline.yaml");
        Files.writeString(file, yaml);
        server = SaylineServer.start(CommandLine.parse("--bind", "127.0.0.1", "--sip-port", "0", "--http-port", "0",
                "--rtp-ports", rtpPorts, "--config", file.toString()).load(Map.of()));
        return server;
    }
}
