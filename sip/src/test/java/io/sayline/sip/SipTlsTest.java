package io.sayline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.SipConfig;
import io.sayline.config.SipTlsConfig;
import io.sayline.config.SourceLimitsConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SIP over TLS (RFC 3261 §26.2) with a certificate and key from PEM files (the tests' self-signed pair). */
class SipTlsTest {
    static final SipTlsConfig TLS = new SipTlsConfig(0, resource("tls/certificate.pem"), resource("tls/key.pem"));

    private final RecordingListener listener = new RecordingListener();
    private SipServer server;

    @BeforeEach
    void start() {
        server = SipServer.start(new SipConfig("127.0.0.1", 0, List.of("udp", "tls"), null, List.of("127.0.0.0/8"), 100,
                0, false, SourceLimitsConfig.unlimited(), TLS), List.of("PCMU"), listener);
        listener.autoAnswer = true;
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void twentyCallsOverTlsAreAnsweredAndEndWithTheCallersBye() throws Exception {
        assertTrue(server.tlsPort() > 0 && server.tlsPort() != server.port(), "TLS has a port of its own");
        try (TlsUac uac = new TlsUac(server.tlsPort(), Path.of(TLS.certificate()))) {
            assertTrue(uac.protocol().equals("TLSv1.3") || uac.protocol().equals("TLSv1.2"), uac.protocol());
            for (int i = 0; i < 20; i++) {
                String ok = uac.call("tls-call-" + i, SipServerLoopbackTest.OFFER);
                assertEquals("invite", listener.next());
                assertTrue(ok.contains(":" + server.tlsPort() + ";transport=tls"),
                        "the Contact names the TLS port and transport: " + ok);
                assertEquals("ack", listener.next());
                assertEquals("ended CALLER_BYE", listener.next());
            }
        }
    }

    @Test
    void aTlsPeerThatStartsAMessageAndNeverFinishesItIsCutOff() throws Exception {
        long cut = server.stalledConnectionsClosed();
        try (TlsUac uac = new TlsUac(server.tlsPort(), Path.of(TLS.certificate()))) {
            // The server gives a started message 5 s; 15 s leaves room for a slow CI machine.
            assertTrue(uac.sendsHalfAMessageAndIsClosed(java.time.Duration.ofSeconds(15)),
                    "a half-sent message held its TLS connection for 15 s");
        }
        assertTrue(server.stalledConnectionsClosed() > cut, "the cut is counted");
    }

    @Test
    void aPlainTcpClientOnTheTlsPortGetsNoSipAnswer() throws Exception {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.tlsPort())) {
            plain.setSoTimeout(3_000);
            OutputStream out = plain.getOutputStream();
            out.write(("OPTIONS sip:bot@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-plain\r\n"
                    + "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:bot@127.0.0.1>\r\nCall-ID: plain-1\r\n"
                    + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = read(plain.getInputStream());
            assertFalse(answer.contains("SIP/2.0"), "not a word of SIP to a client that skipped TLS: " + answer);
        }
    }

    /** What the server sends until it closes the connection or falls silent (a TLS alert at most). */
    private static String read(InputStream in) throws Exception {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException | java.net.SocketException quiet) {
            // silence or a reset: either way, no SIP
        }
        return text.toString();
    }

    private static String resource(String name) {
        try {
            return Path.of(SipTlsTest.class.getClassLoader().getResource(name).toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
