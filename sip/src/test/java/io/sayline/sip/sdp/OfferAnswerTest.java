package io.sayline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.sip.MediaDirection;
import io.sayline.sip.RemoteMedia;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferAnswerTest {
    private static final OfferAnswer PCMU_FIRST = new OfferAnswer(List.of(Codec.PCMU, Codec.PCMA));
    private static final OfferAnswer PCMA_FIRST = new OfferAnswer(List.of(Codec.PCMA, Codec.PCMU));
    private static final String BOTH = "v=0\r\no=c 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            + "m=audio 30000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";

    private static Negotiation.Agreed agreed(OfferAnswer offerAnswer, String sdp) throws Exception {
        return assertInstanceOf(Negotiation.Agreed.class, offerAnswer.answer(SdpParser.parse(sdp)));
    }

    @Test
    void ourCodecOrderDecidesNotTheOffersOrder() throws Exception {
        assertEquals(Codec.PCMU, agreed(PCMU_FIRST, BOTH).codec());
        assertEquals(Codec.PCMA, agreed(PCMA_FIRST, BOTH).codec());
    }

    @Test
    void telephoneEventIsAcceptedWithTheOfferersPayloadType() throws Exception {
        RemoteMedia remote = agreed(PCMU_FIRST, BOTH.replace("101", "96")).remote();
        assertEquals(96, remote.telephoneEventPayloadType());
        assertEquals("192.0.2.1", remote.rtpAddress().getAddress().getHostAddress());
        assertEquals(30000, remote.rtpAddress().getPort());
    }

    @Test
    void offerWithoutTelephoneEventHasNone() throws Exception {
        String noEvents = BOTH.replace(" 101", "").replace("a=rtpmap:101 telephone-event/8000\r\n", "");
        assertFalse(agreed(PCMU_FIRST, noEvents).remote().hasTelephoneEvent());
    }

    @Test
    void dynamicPayloadTypeForG711IsUsedAsOffered() throws Exception {
        String dynamic = BOTH.replace("RTP/AVP 8 0 101", "RTP/AVP 97").replace("a=rtpmap:101",
                "a=rtpmap:97 PCMU/8000\r\na=rtpmap:101");
        Negotiation.Agreed agreed = agreed(PCMA_FIRST, dynamic);
        assertEquals(Codec.PCMU, agreed.codec());
        assertEquals(97, agreed.remote().payloadType());
    }

    @Test
    void noCommonCodecIsRefused() throws Exception {
        String g729 = BOTH.replace("RTP/AVP 8 0 101", "RTP/AVP 18");
        assertInstanceOf(Negotiation.Refused.class, PCMU_FIRST.answer(SdpParser.parse(g729)));
    }

    @Test
    void hostNameConnectionIsRefusedRatherThanResolved() throws Exception {
        String named = BOTH.replace("c=IN IP4 192.0.2.1", "c=IN IP4 pbx.example.com");
        assertInstanceOf(Negotiation.Refused.class, PCMU_FIRST.answer(SdpParser.parse(named)));
    }

    @Test
    void videoAndDisabledStreamsAreSkippedAndRejectedInTheAnswer() throws Exception {
        String mixed = BOTH.replace("m=audio 30000", "m=video 31000 RTP/AVP 31\r\nm=audio 0 RTP/AVP 0\r\n"
                + "m=audio 30000");
        Negotiation.Agreed agreed = agreed(PCMU_FIRST, mixed);
        assertEquals(2, agreed.mediaIndex());
        String answer = SdpWriter.answer(new SdpOrigin(5, 1), InetAddress.getLoopbackAddress(), 40000,
                SdpParser.parse(mixed), agreed);
        assertTrue(answer.contains("m=video 0 RTP/AVP 31\r\n"), answer);
        assertTrue(answer.contains("m=audio 0 RTP/AVP 0\r\n"), answer);
        assertTrue(answer.contains("m=audio 40000 RTP/AVP 0 101\r\n"), answer);
    }

    @Test
    void answerMirrorsHoldDirections() throws Exception {
        for (String[] pair : new String[][] {{"sendonly", "recvonly"}, {"inactive", "inactive"},
            {"recvonly", "sendonly"}, {"sendrecv", "sendrecv"}}) {
            String offer = BOTH + "a=" + pair[0] + "\r\n";
            Negotiation.Agreed agreed = agreed(PCMU_FIRST, offer);
            String answer = SdpWriter.answer(new SdpOrigin(5, 1), InetAddress.getLoopbackAddress(), 40000,
                    SdpParser.parse(offer), agreed);
            assertTrue(answer.contains("a=" + pair[1] + "\r\n"), pair[0] + " → " + answer);
            assertEquals(!pair[0].equals("sendrecv") && !pair[0].equals("recvonly"), agreed.remote().onHold());
        }
    }

    @Test
    void zeroAddressIsTheOldStyleHold() throws Exception {
        String held = BOTH.replace("c=IN IP4 192.0.2.1", "c=IN IP4 0.0.0.0");
        RemoteMedia remote = agreed(PCMU_FIRST, held).remote();
        assertEquals(MediaDirection.SENDRECV, remote.direction());
        assertTrue(remote.onHold());
    }

    @Test
    void offerListsEveryConfiguredCodecAndTelephoneEvent() throws Exception {
        String offer = SdpWriter.offer(new SdpOrigin(9, 1), InetAddress.getLoopbackAddress(), 40000,
                PCMA_FIRST.preference(), MediaDirection.SENDRECV);
        assertTrue(offer.contains("m=audio 40000 RTP/AVP 8 0 101\r\n"), offer);
        assertTrue(offer.contains("a=rtpmap:101 telephone-event/8000\r\n"), offer);
        SessionDescription reparsed = SdpParser.parse(offer);
        assertEquals("9", reparsed.sessionId());
    }

    @Test
    void answerToOurOfferTakesTheAnswerersFirstCodec() throws Exception {
        String answer = BOTH.replace("RTP/AVP 8 0 101", "RTP/AVP 0 8");
        Negotiation result = PCMA_FIRST.acceptAnswer(SdpParser.parse(answer));
        assertEquals(Codec.PCMU, assertInstanceOf(Negotiation.Agreed.class, result).codec());
    }

    @Test
    void answerRejectingAudioIsRefused() throws Exception {
        String rejected = BOTH.replace("m=audio 30000", "m=audio 0");
        assertInstanceOf(Negotiation.Refused.class, PCMU_FIRST.acceptAnswer(SdpParser.parse(rejected)));
    }

    @Test
    void versionGoesUpByOneWithTheSameSession() throws Exception {
        SdpOrigin first = new SdpOrigin(1234, 1);
        String a = SdpWriter.answer(first, InetAddress.getLoopbackAddress(), 40000, SdpParser.parse(BOTH),
                agreed(PCMU_FIRST, BOTH));
        String b = SdpWriter.answer(first.next(), InetAddress.getLoopbackAddress(), 40000, SdpParser.parse(BOTH),
                agreed(PCMU_FIRST, BOTH));
        assertEquals("1234", SdpParser.parse(a).sessionId());
        assertEquals("1", SdpParser.parse(a).sessionVersion());
        assertEquals("1234", SdpParser.parse(b).sessionId());
        assertEquals("2", SdpParser.parse(b).sessionVersion());
    }

    @Test
    void configuredCodecNamesAreCheckedAndDeduplicated() {
        assertEquals(List.of(Codec.PCMA, Codec.PCMU), OfferAnswer.codecsFrom(List.of("pcma", "PCMU", "PCMA")));
        assertThrows(IllegalArgumentException.class, () -> OfferAnswer.codecsFrom(List.of("OPUS")));
        assertThrows(IllegalArgumentException.class, () -> new OfferAnswer(List.of()));
    }
}
