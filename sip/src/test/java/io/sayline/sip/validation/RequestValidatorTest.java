package io.sayline.sip.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.sayline.sip.stack.ReceivedDatagrams;
import java.util.List;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: each broken request and the status Sayline answers it with. */
class RequestValidatorTest {
    private static final String SDP = "v=0\r\no=c 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            + "m=audio 30000 RTP/AVP 0\r\n";

    static String invite(String... replacements) {
        String message = "INVITE sip:bot@192.0.2.5 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:caller@192.0.2.1>;tag=abc\r\n"
                + "To: <sip:bot@192.0.2.5>\r\n"
                + "Call-ID: call-1@192.0.2.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP;
        for (int i = 0; i < replacements.length; i += 2) {
            message = message.replace(replacements[i], replacements[i + 1]);
        }
        return message;
    }

    record Case(String name, String text, int status) {
        @Override
        public String toString() {
            return name + " → " + status;
        }
    }

    static List<Case> broken() {
        return List.of(
                new Case("missing Via", invite("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n", ""), 400),
                new Case("missing Call-ID", invite("Call-ID: call-1@192.0.2.1\r\n", ""), 400),
                new Case("missing CSeq", invite("CSeq: 1 INVITE\r\n", ""), 400),
                new Case("missing From", invite("From: <sip:caller@192.0.2.1>;tag=abc\r\n", ""), 400),
                new Case("missing To", invite("To: <sip:bot@192.0.2.5>\r\n", ""), 400),
                new Case("missing Max-Forwards", invite("Max-Forwards: 70\r\n", ""), 400),
                new Case("non-numeric Max-Forwards", invite("Max-Forwards: 70", "Max-Forwards: zzz"), 400),
                new Case("CSeq method mismatch", invite("CSeq: 1 INVITE", "CSeq: 1 BYE"), 400),
                new Case("CSeq number too large", invite("CSeq: 1 INVITE", "CSeq: 2147483648 INVITE"), 400),
                new Case("malformed SDP", invite(SDP, "v=0\r\nnonsense\r\n", "Content-Length: " + SDP.length(),
                        "Content-Length: 15"), 400),
                new Case("body without Content-Type", invite("Content-Type: application/sdp\r\n", ""), 400),
                new Case("INVITE body not SDP", invite("application/sdp", "text/plain"), 415),
                new Case("unsupported extension required", invite("CSeq: 1 INVITE\r\n",
                        "CSeq: 1 INVITE\r\nRequire: 100rel\r\n"), 420),
                new Case("tel URI", invite("INVITE sip:bot@192.0.2.5", "INVITE tel:+15551234"), 416),
                // RFC 4475 §3.1.2.11 (escruri): the RI took it and the call was offered to the application
                new Case("headers in the Request-URI", invite("INVITE sip:bot@192.0.2.5",
                        "INVITE sip:bot@192.0.2.5?Route=%3Csip:example.com%3E"), 400));
    }

    private static Request parse(String text) throws Exception {
        return new MessageFactoryImpl().createRequest(text);
    }

    @ParameterizedTest
    @MethodSource("broken")
    void brokenRequestIsRejectedWithItsStatus(Case broken) throws Exception {
        Verdict verdict = RequestValidator.validate(parse(broken.text()));
        Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, verdict, broken.name());
        assertEquals(broken.status(), rejected.status(), rejected.reason());
        assertTrue(!rejected.reason().contains("\n"));
    }

    @Test
    void contentLengthLargerThanTheBodyIs400() throws Exception {
        // The RI's text parser refuses this message outright, so the header is changed after parsing, as a
        // lenient transport path could deliver it.
        Request request = parse(invite());
        request.setHeader(new gov.nist.javax.sip.header.HeaderFactoryImpl()
                .createContentLengthHeader(SDP.length() + 40));
        Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, RequestValidator.validate(request));
        assertEquals(400, rejected.status());
    }

    @Test
    void unsupportedExtensionsAreListedForThe420() throws Exception {
        Verdict verdict = RequestValidator.validate(parse(invite("CSeq: 1 INVITE\r\n",
                "CSeq: 1 INVITE\r\nRequire: 100rel\r\nRequire: timer\r\n")));
        assertEquals(List.of("100rel", "timer"), assertInstanceOf(Verdict.Rejected.class, verdict).unsupported());
    }

    @Test
    void wellFormedInviteIsAcceptedWithItsSdp() throws Exception {
        Verdict verdict = RequestValidator.validate(parse(invite()));
        Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, verdict);
        assertEquals("1", accepted.sdp().orElseThrow().sessionId());
    }

    @Test
    void inviteWithoutBodyIsAcceptedWithoutSdp() throws Exception {
        String noBody = invite("Content-Type: application/sdp\r\n", "", "Content-Length: " + SDP.length(),
                "Content-Length: 0", SDP, "");
        Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, RequestValidator.validate(parse(noBody)));
        assertTrue(accepted.sdp().isEmpty());
    }

    @Test
    void infoWithDtmfRelayBodyIsLeftToItsHandler() throws Exception {
        String body = "Signal=5\r\nDuration=160\r\n";
        String info = invite("INVITE sip", "INFO sip", "CSeq: 1 INVITE", "CSeq: 2 INFO", "application/sdp",
                "application/dtmf-relay", "Content-Length: " + SDP.length(), "Content-Length: " + body.length(),
                SDP, body);
        assertInstanceOf(Verdict.Accepted.class, RequestValidator.validate(parse(info)));
    }

    static List<Case> receivedRequestLines() {
        return List.of(
                // RFC 4475 §3.1.2.16 (badvers): the RI reads SIP/7.0 back as SIP/2.0, and an OPTIONS got 200
                new Case("unknown SIP version", invite("SIP/2.0\r\nVia", "SIP/7.0\r\nVia"), 505),
                // RFC 4475 §3.1.2.9 (lwsstart): the RI collapses the SPs, and the INVITE was offered to the app
                new Case("several SP in the Request-Line", invite("INVITE sip:bot@192.0.2.5 SIP/2.0",
                        "INVITE  sip:bot@192.0.2.5  SIP/2.0"), 400),
                new Case("SP after the SIP-Version", invite("SIP/2.0\r\nVia", "SIP/2.0 \r\nVia"), 400));
    }

    @ParameterizedTest
    @MethodSource("receivedRequestLines")
    void requestLineIsJudgedAsReceivedNotAsTheStackReadsIt(Case broken) throws Exception {
        Verdict verdict = RequestValidator.validate((Request) ReceivedDatagrams.parse(broken.text()));
        assertEquals(broken.status(), assertInstanceOf(Verdict.Rejected.class, verdict, broken.name()).status());
    }

    @Test
    void wellFormedReceivedRequestLineIsAccepted() throws Exception {
        Request received = (Request) ReceivedDatagrams.parse(invite());
        assertInstanceOf(Verdict.Accepted.class, RequestValidator.validate(received));
    }
}
