package io.sayline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sayline.fuzz.Fuzz;
import io.sayline.fuzz.FuzzInputs;
import org.junit.jupiter.api.Test;

/** {@link SdpParser} on hostile bodies: a description, or {@link MalformedSdpException} (a 400); nothing else. */
class SdpParserFuzzTest {
    private static final String OFFER = "v=0\r\no=caller 2890844526 2890844526 IN IP4 192.0.2.10\r\ns=-\r\n"
            + "c=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 30000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n"
            + "a=sendrecv\r\n";
    /** RFC 4475 §3.1.1.1's body: two streams, session-level c=, a video rtpmap. */
    private static final String TWO_STREAMS = "v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.3\r\ns=-\r\n"
            + "c=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 49217 RTP/AVP 0 12\r\nm=video 3227 RTP/AVP 31\r\n"
            + "a=rtpmap:31 LPC\r\n";
    private static final String HOLD = "v=0\r\no=- 1 2 IN IP6 2001:db8::1\r\ns=-\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 18 0\r\nc=IN IP6 2001:db8::1\r\na=sendonly\r\n";

    @Test
    void arbitraryBodyIsParsedOrMalformed() {
        Fuzz.forAll(arbitrary(), (byte[] body) -> {
            assertParsedOrMalformed(body);
        });
    }

    @Test
    void damagedOfferIsParsedOrMalformed() {
        Fuzz.forAll(damaged(), (byte[] body) -> {
            assertParsedOrMalformed(body);
        });
    }

    private static void assertParsedOrMalformed(byte[] body) {
        try {
            assertNotNull(SdpParser.parse(body));
        } catch (MalformedSdpException expected) {
            // the documented verdict for a bad body
        }
    }

    private static FuzzInputs.Gen<byte[]> arbitrary() {
        return FuzzInputs.bytes();
    }

    private static FuzzInputs.Gen<byte[]> damaged() {
        return FuzzInputs.mutantsOfText(OFFER, TWO_STREAMS, HOLD);
    }
}
