package io.sayline.sip;

import static io.sayline.sip.TortureExpectation.answered;
import static io.sayline.sip.TortureExpectation.dropped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4475 §3.1 (parser tests): every torture message a UAS can receive, sent over UDP on loopback to a real
 * Sayline server, and the verdict it gets. Valid messages (§3.1.1) must be processed as their method asks;
 * invalid ones (§3.1.2) must be refused with the status the RFC names, or discarded where nothing can be answered
 * safely. After each message the server must still answer an OPTIONS: no torture message may wedge it.
 *
 * <p>The messages are the RFC's own files; {@link TortureAddressing} says how they are pointed at the test socket.
 */
class Rfc4475TortureTest {
    /** Long enough for an answer over loopback, short enough that the dropped messages keep the test quick. */
    private static final int QUIET_MS = 700;
    private static final Pattern STATUS_LINE = Pattern.compile("^SIP/2\\.0 (\\d{3}) ");

    private SipServer server;

    /**
     * A fresh server for each message: the RFC's messages are independent of each other, yet several share a
     * branch (z9hG4bKkdjuw), and one still in a server transaction (a ringing INVITE) would make the stack absorb
     * the next as its retransmission (the JAIN SIP RI matches on the branch alone, not on branch, sent-by and
     * method as RFC 3261 §17.2.3 asks).
     */
    @BeforeEach
    void startServer() {
        // The application never answers: a valid new INVITE is offered to it and stays ringing (its 1xx is the
        // verdict), so no dialog outlives its test.
        server = SipServer.start(SipServerLoopbackTest.config(List.of("127.0.0.0/8"), 1000), List.of("PCMU"),
                new RecordingListener());
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    static List<TortureMessage> messages() {
        return List.of(
                // §3.1.1 Valid messages: a UAS must parse them and act on them.
                new TortureMessage("3.1.1.1", "wsinv", answered(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST),
                        "parsed despite folding, odd case and compact forms; its To has a tag, so it is a "
                                + "re-INVITE for a dialog we do not have: 481 (RFC 3261 §12.2.2)"),
                new TortureMessage("3.1.1.2", "intmeth", answered(Response.NOT_IMPLEMENTED),
                        "a valid request with an unknown method: 501 (RFC 3261 §8.2.1)"),
                new TortureMessage("3.1.1.3", "esc01", answered(Response.TRYING),
                        "valid % escapes in URIs; a valid new INVITE, offered to the application"),
                new TortureMessage("3.1.1.4", "escnull", answered(Response.METHOD_NOT_ALLOWED),
                        "escaped NULs in URIs are valid; Sayline is no registrar: REGISTER gets 405 with Allow"),
                new TortureMessage("3.1.1.5", "esc02", answered(Response.NOT_IMPLEMENTED),
                        "RE%47IST%45R is a method other than REGISTER (method names are not unescaped): 501"),
                new TortureMessage("3.1.1.6", "lwsdisp", answered(Response.OK),
                        "no LWS between display name and <: a valid OPTIONS"),
                new TortureMessage("3.1.1.7", "longreq", answered(Response.TRYING),
                        "long header values, 34 Vias: a valid new INVITE, offered to the application"),
                new TortureMessage("3.1.1.8", "dblreq", answered(Response.METHOD_NOT_ALLOWED),
                        "the INVITE after the REGISTER's Content-Length is discarded (RFC 3261 §18.3): only the "
                                + "REGISTER is answered, 405"),
                new TortureMessage("3.1.1.9", "semiuri", answered(Response.OK),
                        "semicolons in the user part: a valid OPTIONS"),
                new TortureMessage("3.1.1.10", "transports", answered(Response.OK),
                        "unknown transports in lower Vias: a valid OPTIONS"),
                new TortureMessage("3.1.1.11", "mpart01", answered(Response.METHOD_NOT_ALLOWED),
                        "a valid multipart MESSAGE; Sayline does not serve MESSAGE: 405"),
                new TortureMessage("3.1.1.12", "unreason", dropped(),
                        "a valid response, but to no transaction of ours: a UAS discards it (RFC 3261 §17.1.3)"),
                new TortureMessage("3.1.1.13", "noreason", dropped(),
                        "a valid response with an empty reason phrase, to no transaction: discarded"),
                // §3.1.2 Invalid messages.
                new TortureMessage("3.1.2.1", "badinv01", dropped(),
                        "extraneous separators: the RFC would have 400, but its Via does not parse, and without a "
                                + "Via there is nowhere to answer (RFC 3261 §18.2.2): dropped and counted"),
                // The RI's parser throws on the next six; LenientDropParserFactory hands each on as a
                // SalvagedRequest, refused 400 by request validation (the RI's own 400 would be malformed).
                new TortureMessage("3.1.2.2", "clerr", answered(Response.BAD_REQUEST),
                        "Content-Length larger than the datagram's body: 400 (RFC 3261 §18.3)"),
                new TortureMessage("3.1.2.3", "ncl", answered(Response.BAD_REQUEST),
                        "negative Content-Length: 400"),
                new TortureMessage("3.1.2.4", "scalar02", answered(Response.BAD_REQUEST),
                        "CSeq number beyond 2**63, which the RI cannot parse: 400 (one in 2**31..2**63 gets 400 "
                                + "from RequestValidator)"),
                new TortureMessage("3.1.2.5", "scalarlg", dropped(),
                        "a response with overlarge values: a response is never answered, it is discarded"),
                new TortureMessage("3.1.2.6", "quotbal", answered(Response.BAD_REQUEST),
                        "unterminated quoted string in To: 400"),
                new TortureMessage("3.1.2.7", "ltgtruri", answered(Response.BAD_REQUEST),
                        "<> around the Request-URI: 400"),
                new TortureMessage("3.1.2.8", "lwsruri", answered(Response.BAD_REQUEST),
                        "LWS inside the Request-URI: 400"),
                new TortureMessage("3.1.2.9", "lwsstart", answered(Response.BAD_REQUEST),
                        "several SP between Request-Line elements (RFC 3261 §25.1 has one): 400"),
                new TortureMessage("3.1.2.10", "trws", answered(Response.BAD_REQUEST),
                        "SP after SIP-Version: the RFC finds 400 reasonable (ignoring it is allowed too): 400"),
                new TortureMessage("3.1.2.11", "escruri", answered(Response.BAD_REQUEST),
                        "headers in the Request-URI are not allowed (RFC 3261 §19.1.1, Table 1): 400"),
                new TortureMessage("3.1.2.12", "baddate", answered(Response.TRYING),
                        "a non-GMT Date: the RFC lets an element that does not use Date ignore it; offered"),
                new TortureMessage("3.1.2.13", "regbadct", answered(Response.METHOD_NOT_ALLOWED),
                        "Contact URI with parameters outside <>; Sayline refuses REGISTER by method first: 405"),
                new TortureMessage("3.1.2.14", "badaspec", answered(Response.OK),
                        "spaces inside an addr-spec: the RFC lets a robust element take the URI without them; 200"),
                new TortureMessage("3.1.2.15", "baddn", answered(Response.OK),
                        "non-token characters in an unquoted display name: the RFC lets a robust element take it "
                                + "as if quoted; 200"),
                new TortureMessage("3.1.2.16", "badvers", answered(Response.VERSION_NOT_SUPPORTED),
                        "SIP/7.0: 505 Version Not Supported (RFC 3261 §21.5.13)"),
                new TortureMessage("3.1.2.17", "mismatch01", answered(Response.BAD_REQUEST),
                        "CSeq method differs from the Request-Line method: 400"),
                new TortureMessage("3.1.2.18", "mismatch02", answered(Response.BAD_REQUEST),
                        "unknown method with a CSeq naming another: 400 (501 also allowed by the RFC)"),
                new TortureMessage("3.1.2.19", "bigcode", dropped(),
                        "a response with a status code beyond 699: discarded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void tortureMessageGetsTheExpectedVerdictAndTheServerKeepsAnswering(TortureMessage message) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(QUIET_MS);
            send(socket, TortureAddressing.answerTo(message.text(), socket.getLocalPort()));
            Optional<Integer> status = finalStatus(socket);
            String got = status.map(String::valueOf).orElse("dropped");
            assertEquals(message.expect().toString(), got, message + " (" + message.why() + ")");
        }
        assertStillAnswering();
    }

    /**
     * The first final status received; else the last provisional one (an INVITE offered to the application); empty
     * when the server stays silent.
     */
    private Optional<Integer> finalStatus(DatagramSocket socket) throws Exception {
        Optional<Integer> provisional = Optional.empty();
        while (true) {
            Optional<String> reply = RawUdp.receive(socket);
            if (reply.isEmpty()) {
                return provisional;
            }
            Matcher statusLine = STATUS_LINE.matcher(reply.get());
            assertTrue(statusLine.find(), "not a response: " + reply.get());
            int status = Integer.parseInt(statusLine.group(1));
            if (status >= 200) {
                return Optional.of(status);
            }
            provisional = Optional.of(status);
        }
    }

    private void assertStillAnswering() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(QUIET_MS * 2);
            send(socket, MalformedDatagramTest.options("PORT", Integer.toString(socket.getLocalPort()),
                    "BRANCH", "alive" + System.nanoTime(), "CALLID", "alive" + System.nanoTime()));
            assertEquals(Optional.of(Response.OK), finalStatus(socket), "the server stopped answering");
        }
    }

    private void send(DatagramSocket socket, String text) throws Exception {
        RawUdp.send(socket, server.port(), text);
    }

}
