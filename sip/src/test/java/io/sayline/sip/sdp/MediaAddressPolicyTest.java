package io.sayline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaAddressPolicyTest {
    private static final MediaAddressPolicy PRODUCTION = MediaAddressPolicy.of(List.of(), true);

    @Test
    void loopbackMulticastUnspecifiedAndPrivateAddressesAreRefusedUnlessAllowed() throws Exception {
        for (String address : List.of("127.0.0.1", "::1", "224.0.0.1", "ff02::1", "0.0.0.0", "10.1.2.3",
                "192.168.1.1", "172.16.0.9", "169.254.0.1", "fd00::5")) {
            Optional<String> refusal = PRODUCTION.refusal(InetAddress.getByName(address), false);
            assertTrue(refusal.isPresent(), address);
            assertTrue(refusal.get().contains("not in rtp.allowedMediaNetworks"), refusal.get());
        }
        assertEquals(Optional.empty(), PRODUCTION.refusal(InetAddress.getByName("203.0.113.7"), false));
        assertEquals(Optional.empty(), PRODUCTION.refusal(InetAddress.getByName("2001:db8::7"), false));
    }

    @Test
    void allowedNetworksAndTheDefaultsLetTheirAddressesThrough() throws Exception {
        MediaAddressPolicy trunk = MediaAddressPolicy.of(List.of("10.20.0.0/16"), true);
        assertEquals(Optional.empty(), trunk.refusal(InetAddress.getByName("10.20.3.4"), false));
        assertTrue(trunk.refusal(InetAddress.getByName("10.21.3.4"), false).isPresent());
        MediaAddressPolicy defaults = MediaAddressPolicy.of(List.of("127.0.0.0/8", "::1/128"), false);
        assertEquals(Optional.empty(), defaults.refusal(InetAddress.getByName("127.0.0.1"), false), "SIPp on loopback");
        assertEquals(Optional.empty(), defaults.refusal(InetAddress.getByName("192.168.1.1"), false),
                "private addresses pass unless refusePrivateMedia");
        assertTrue(defaults.refusal(InetAddress.getByName("239.1.1.1"), false).isPresent(), "multicast");
    }

    @Test
    void theUnspecifiedAddressMeansHoldInAReofferOnly() throws Exception {
        InetAddress unspecified = InetAddress.getByName("0.0.0.0");
        assertTrue(PRODUCTION.refusal(unspecified, false).isPresent());
        assertEquals(Optional.empty(), PRODUCTION.refusal(unspecified, true), "RFC 3264 §8.4 hold");
    }

    @Test
    void anOfferToALoopbackAddressIsRefusedWithTheReason() throws Exception {
        OfferAnswer offerAnswer = new OfferAnswer(List.of(Codec.PCMU), PRODUCTION);
        SessionDescription offer = SdpParser.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        Negotiation.Refused refused = assertInstanceOf(Negotiation.Refused.class, offerAnswer.answer(offer));
        assertTrue(refused.reason().contains("127.0.0.1 is loopback"), refused.reason());
    }
}
