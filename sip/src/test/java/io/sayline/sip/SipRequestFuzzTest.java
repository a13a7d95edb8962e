package io.sayline.sip;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import io.sayline.fuzz.Fuzz;
import io.sayline.fuzz.FuzzInputs;
import io.sayline.sip.stack.LenientDropParserFactory;
import io.sayline.sip.stack.ReceivedDatagrams;
import io.sayline.sip.stack.SipMessages;
import io.sayline.sip.validation.RequestValidator;
import io.sayline.sip.validation.Verdict;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what a datagram meets before any call logic: the stack's parser as Sayline configures it
 * ({@link LenientDropParserFactory}), then {@link RequestValidator}, then building the answer. Every input must end
 * as "dropped" (no message) or as a message, and every request as a verdict and its response (or a counted drop);
 * nothing may throw into the stack's reader thread.
 */
class SipRequestFuzzTest {
    @Test
    void arbitraryDatagramIsDroppedOrGetsAVerdict() {
        Fuzz.forAll(arbitrary(), (byte[] datagram) -> {
            assertDroppedOrJudged(datagram);
        });
    }

    @Test
    void damagedRequestIsDroppedOrGetsAVerdict() {
        Fuzz.forAll(damaged(), (byte[] datagram) -> {
            assertDroppedOrJudged(datagram);
        });
    }

    /**
     * Builds answers as the router does; SipMessages turns a response the factory refuses into a counted drop, so
     * only an exception other than those it catches would escape.
     */
    private static final SipMessages ANSWERS = new SipMessages(null, new MessageFactoryImpl(),
            new HeaderFactoryImpl(), new AddressFactoryImpl(), 5060, 0);

    private static void assertDroppedOrJudged(byte[] datagram) throws Exception {
        SIPMessage message = ReceivedDatagrams.parse(datagram);
        if (message instanceof SIPRequest request) {
            Verdict verdict = RequestValidator.validate(request);
            assertNotNull(verdict);
            int status = verdict instanceof Verdict.Rejected rejected ? rejected.status() : Response.OK;
            ANSWERS.response(request, status, "fuzz");
        }
    }

    private static FuzzInputs.Gen<byte[]> arbitrary() {
        return FuzzInputs.bytes();
    }

    @Test
    void seedsAreRequestsSaylineAccepts() throws Exception {
        for (String seed : seeds()) {
            SIPMessage message = ReceivedDatagrams.parse(seed);
            assertInstanceOf(Verdict.Accepted.class, RequestValidator.validate((SIPRequest) message), seed);
        }
    }

    /** Sayline's own requests, and RFC 4475's valid messages, whose oddities put the parser on rare paths. */
    private static String[] seeds() {
        String[] placeholders = {"PORT", "5060", "BRANCH", "fuzz", "CALLID", "fuzz"};
        return new String[] {
            MalformedDatagramTest.options(placeholders),
            fill(MalformedDatagramTest.invite(SipServerLoopbackTest.OFFER), placeholders),
            TortureMessage.load("esc01"), TortureMessage.load("longreq"), TortureMessage.load("mpart01"),
            TortureMessage.load("semiuri"), TortureMessage.load("wsinv"), TortureMessage.load("intmeth"),
        };
    }

    private static String fill(String template, String... replacements) {
        String text = template;
        for (int i = 0; i < replacements.length; i += 2) {
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return text;
    }

    private static FuzzInputs.Gen<byte[]> damaged() {
        return FuzzInputs.mutantsOfText(seeds());
    }
}
