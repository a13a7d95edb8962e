package io.sayline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Raw junk over UDP: each datagram gets a well-formed 400 (513 when huge) or is dropped, and the server keeps answering. */
class MalformedDatagramTest {
    private static final int RECEIVE_TIMEOUT_MS = 1500;

    private static SipServer server; // one for the class: it must survive all the junk anyway
    private DatagramSocket socket;

    @BeforeAll
    static void startServer() {
        server = SipServer.start(SipServerLoopbackTest.config(List.of("127.0.0.0/8"), 1000), List.of("PCMU"),
                new RecordingListener());
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void open() throws Exception {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(RECEIVE_TIMEOUT_MS);
    }

    @AfterEach
    void close() {
        socket.close();
    }

    record Junk(String name, String text, boolean mustGet400, int status) {
        Junk(String name, String text, boolean mustGet400) {
            this(name, text, mustGet400, Response.BAD_REQUEST);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static String options(String... replacements) {
        String message = "OPTIONS sip:bot@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK-BRANCH;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=abc\r\n"
                + "To: <sip:bot@127.0.0.1>\r\n"
                + "Call-ID: CALLID@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        for (int i = 0; i < replacements.length; i += 2) {
            message = message.replace(replacements[i], replacements[i + 1]);
        }
        return message;
    }

    static List<Junk> junk() {
        return List.of(
                new Junk("garbage", "\u0001\u0002hello there\r\n\r\n", false),
                new Junk("nul bytes", "\u0000\u0000\u0000\u0000", false),
                new Junk("missing Via", options("Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK-BRANCH;rport\r\n", ""),
                        false),
                new Junk("missing Call-ID", options("Call-ID: CALLID@127.0.0.1\r\n", ""), false),
                new Junk("missing CSeq", options("CSeq: 1 OPTIONS\r\n", ""), false),
                new Junk("missing From", options("From: <sip:caller@127.0.0.1>;tag=abc\r\n", ""), false),
                new Junk("missing To", options("To: <sip:bot@127.0.0.1>\r\n", ""), false),
                new Junk("bad Max-Forwards", options("Max-Forwards: 70", "Max-Forwards: zzz"), true),
                new Junk("missing Max-Forwards", options("Max-Forwards: 70\r\n", ""), true),
                new Junk("CSeq method mismatch", options("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"), false),
                new Junk("huge header", options("Max-Forwards: 70", "Max-Forwards: 70\r\nX-Big: "
                        + "a".repeat(20_000)), true, Response.MESSAGE_TOO_LARGE),
                new Junk("Content-Length larger than body", options("Content-Length: 0", "Content-Length: 300"),
                        true), // the RI cannot parse these three; each is salvaged to get 400 (SalvagedRequest)
                new Junk("non-numeric CSeq", options("CSeq: 1 OPTIONS", "CSeq: abc OPTIONS"), true),
                new Junk("unparseable From", options("From: <sip:caller@127.0.0.1>;tag=abc", "From: <<<>>>;;"), true),
                new Junk("unparseable Via", options("Via: SIP/2.0/UDP", "Via: SIP/9.9/XYZ"), false),
                new Junk("bad Via transport", options("Via: SIP/2.0/UDP", "Via: SIP/2.0/FOO"), false),
                new Junk("bad SDP INVITE", invite("v=0\r\nthis is not sdp\r\n"), true),
                new Junk("INVITE SDP without o=", invite("v=0\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        + "m=audio 3000 RTP/AVP 0\r\n"), true));
    }

    static String invite(String sdp) {
        return options("OPTIONS sip", "INVITE sip", "CSeq: 1 OPTIONS", "CSeq: 1 INVITE",
                "Content-Length: 0\r\n\r\n", "Content-Type: application/sdp\r\nContent-Length: "
                        + sdp.length() + "\r\n\r\n" + sdp);
    }

    @ParameterizedTest
    @MethodSource("junk")
    void malformedDatagramGets400OrIsDroppedAndServerKeepsAnswering(Junk junk) throws Exception {
        String text = junk.text().replace("PORT", Integer.toString(socket.getLocalPort()))
                .replace("BRANCH", Long.toString(System.nanoTime())).replace("CALLID", "c" + System.nanoTime());
        long drops = drops();
        send(text);
        Optional<String> reply = receive();
        reply.ifPresent(r -> assertTrue(r.startsWith("SIP/2.0 " + junk.status() + " "), junk + " got " + firstLine(r)));
        reply.ifPresent(r -> assertWellFormed(r, junk.status()));
        if (junk.mustGet400()) {
            assertTrue(reply.isPresent(), junk + " got no " + junk.status());
        } else if (reply.isEmpty()) {
            assertTrue(drops() > drops, junk + " was dropped without being counted");
        }
        send(options("PORT", Integer.toString(socket.getLocalPort()), "BRANCH", "ok" + System.nanoTime(),
                "CALLID", "ok" + System.nanoTime()));
        String ok = receive().orElseThrow(() -> new AssertionError("no answer to OPTIONS after " + junk));
        assertEquals("SIP/2.0 200 OK", firstLine(ok));
    }

    /** Every way the server drops a datagram unanswered, as /metrics shows them. */
    private static long drops() {
        return server.unparseableMessages() + server.droppedRequests();
    }

    private static String firstLine(String message) {
        int end = message.indexOf("\r\n");
        return end < 0 ? message : message.substring(0, end);
    }

    private static void assertWellFormed(String response, int status) {
        try {
            Response parsed = new MessageFactoryImpl().createResponse(response);
            assertEquals(status, parsed.getStatusCode());
            assertTrue(!parsed.getReasonPhrase().contains("\n"), "reason phrase has a line break");
        } catch (Exception e) {
            throw new AssertionError("malformed 400: " + response, e);
        }
    }

    private void send(String text) throws Exception {
        RawUdp.send(socket, server.port(), text);
    }

    private Optional<String> receive() throws Exception {
        return RawUdp.receive(socket);
    }

    @org.junit.jupiter.api.Test
    void malformedTcpRequestsGetWellFormed400OrAClosedConnectionAndTheServerServesTheNext() throws Exception {
        // Over TCP the RI closes a connection whose mandatory headers do not parse (the stream's framing can no
        // longer be trusted); a request it can parse but Sayline refuses gets Sayline's 400 on the connection.
        long unparseable = server.unparseableMessages();
        assertEquals(Optional.empty(), exchangeTcp("CSeq: 1 OPTIONS", "CSeq: abc OPTIONS"));
        // The connection can close before the stack's reader thread has counted the message: wait for it.
        Eventually.await(() -> server.unparseableMessages() > unparseable, java.time.Duration.ofSeconds(2));
        assertTrue(server.unparseableMessages() > unparseable, "the drop is counted");
        String refused = exchangeTcp("Max-Forwards: 70", "Max-Forwards: zzz").orElseThrow();
        assertWellFormed(refused, Response.BAD_REQUEST);
        assertEquals("SIP/2.0 200 OK", firstLine(exchangeTcp().orElseThrow()));
    }

    private static Optional<String> exchangeTcp(String... replacements) throws Exception {
        try (java.net.Socket tcp = new java.net.Socket(InetAddress.getLoopbackAddress(), server.port())) {
            tcp.setSoTimeout(RECEIVE_TIMEOUT_MS);
            String text = options("UDP", "TCP", "PORT", Integer.toString(tcp.getLocalPort()), "BRANCH",
                    "t" + System.nanoTime(), "CALLID", "t" + System.nanoTime());
            for (int i = 0; i < replacements.length; i += 2) {
                text = text.replace(replacements[i], replacements[i + 1]);
            }
            return RawTcp.exchange(tcp, text);
        }
    }
}
