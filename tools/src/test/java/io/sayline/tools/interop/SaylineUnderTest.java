package io.sayline.tools.interop;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sayline.config.CommandLine;
import io.sayline.core.server.SaylineServer;
import io.sayline.tools.load.MetricsScrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        Double value = MetricsScrape.parse(server.metrics().render()).get(series);
        assertNotNull(value, series + " missing from /metrics");
        return value.longValue();
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
