package io.sayline.tools.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.testing.Await;
import io.sayline.tools.sipp.SippFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIP over TLS with SIPp as the caller. Debian's SIPp is built without OpenSSL ({@code -t l1} answers "To use a TLS
 * transport you must compile SIPp with OpenSSL"), so SIPp speaks TCP to stunnel (Debian package stunnel4), which
 * carries it over TLS to Sayline's TLS port and checks Sayline's certificate against the test CA and 127.0.0.1:
 * every byte of SIPp's scenario crosses a real TLS connection. The certificate is the sip module's test pair (a
 * self-signed certificate for localhost and 127.0.0.1).
 */
class SippOverTlsTest extends SaylineUnderTest {
    private static final Path TLS_PAIR = Path.of("..", "sip", "src", "test", "resources", "tls").toAbsolutePath();
    private static final int CALLS = 20;

    private Process stunnel;

    @AfterEach
    void stopStunnel() {
        if (stunnel != null) {
            stunnel.destroy();
        }
    }

    @Test
    void twentySippCallsOverTlsAllComplete() throws Exception {
        int tlsPort = SippFiles.freeTcpPort();
        startWithTls(tlsPort);
        int tunnelPort = startStunnel(tlsPort);
        Sipp.Result result = Sipp.run(dir, 90, "-sf", Sipp.scenario("uac_pcmu.xml", dir).toString(), "-s", "demo",
                "-t", "t1", "-m", String.valueOf(CALLS), "-l", "5", "-r", "5", "-d", "2000",
                "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeTcpPort()), "-mi", "127.0.0.1",
                "-mp", String.valueOf(SippFiles.freeUdpPort()), "-trace_msg", "-message_file", "messages.log",
                "127.0.0.1:" + tunnelPort);
        assertEquals(0, result.exitCode(), "SIPp exit code; output:\n" + result.tail());
        assertEquals(CALLS, result.successfulCalls(), result.tail());
        assertEquals(0, result.failedCalls(), result.tail());
        String messages = Files.readString(dir.resolve("messages.log"));
        assertTrue(messages.contains(":" + tlsPort + ";transport=tls"),
                "Sayline answered on its TLS port: its Contact names it");
        Await.until(() -> server.calls().size() == 0, Duration.ofSeconds(5), "every call released");
        assertEquals(CALLS, metric("sayline_calls_total"));
    }

    @Test
    void sippSpeakingPlainTcpToTheTlsPortGetsNoCall() throws Exception {
        int tlsPort = SippFiles.freeTcpPort();
        startWithTls(tlsPort);
        Sipp.Result result = Sipp.run(dir, 8, "-sf", Sipp.scenario("uac_pcmu.xml", dir).toString(), "-s", "demo",
                "-t", "t1", "-m", "1", "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeTcpPort()),
                "-mi", "127.0.0.1", "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + tlsPort);
        assertEquals(0, Math.max(0, result.successfulCalls()), result.tail());
        assertEquals(0, metric("sayline_calls_total"), "no INVITE got through without TLS");
    }

    private void startWithTls(int tlsPort) throws Exception {
        start("sip:\n  transports: [udp, tcp, tls]\n  tls: { port: " + tlsPort + ", certificate: "
                + TLS_PAIR.resolve("certificate.pem") + ", key: " + TLS_PAIR.resolve("key.pem") + " }\n",
                "32400-32599");
    }

    /** stunnel in client mode on a free port, verifying Sayline's certificate; returns the port SIPp calls. */
    private int startStunnel(int tlsPort) throws Exception {
        String binary = Sipp.required(SippFiles.onPath("stunnel4").or(() -> SippFiles.onPath("stunnel")),
                "stunnel is not installed (apt-get install stunnel4; .ci/run does this)");
        int port = SippFiles.freeTcpPort();
        Path config = dir.resolve("stunnel.conf");
        Files.writeString(config, String.join("\n",
                "foreground = yes",
                "pid =",
                "[sip-tls]",
                "client = yes",
                "accept = 127.0.0.1:" + port,
                "connect = 127.0.0.1:" + tlsPort,
                "sslVersionMin = TLSv1.2",
                "verifyPeer = yes",
                "CAfile = " + TLS_PAIR.resolve("certificate.pem"),
                "checkIP = 127.0.0.1",
                ""));
        stunnel = new ProcessBuilder(binary, config.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stunnel.log").toFile()).start();
        Await.until(() -> Files.exists(dir.resolve("stunnel.log"))
                && readQuietly(dir.resolve("stunnel.log")).contains("Configuration successful"),
                Duration.ofSeconds(10), "stunnel started");
        assertTrue(stunnel.isAlive(), "stunnel is running: " + readQuietly(dir.resolve("stunnel.log")));
        return port;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
