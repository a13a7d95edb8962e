package io.sayline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sayline.sip.MediaDirection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SdpParserTest {
    static final String OFFER = "v=0\r\n"
            + "o=caller 1000 7 IN IP4 192.0.2.10\r\n"
            + "s=-\r\n"
            + "c=IN IP4 192.0.2.10\r\n"
            + "t=0 0\r\n"
            + "m=audio 30000 RTP/AVP 8 0 101\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\n"
            + "a=sendonly\r\n";

    @Test
    void parsesOriginConnectionMediaAndAttributes() throws Exception {
        SessionDescription sdp = SdpParser.parse(OFFER);
        assertEquals("1000", sdp.sessionId());
        assertEquals("7", sdp.sessionVersion());
        assertEquals("192.0.2.10", sdp.connectionAddress());
        MediaDescription audio = sdp.media().get(0);
        assertEquals(30000, audio.port());
        assertEquals(List.of("8", "0", "101"), audio.formats());
        assertEquals("PCMU", audio.rtpMap(0).orElseThrow().encoding()); // static, no rtpmap line
        assertEquals(MediaDirection.SENDONLY, sdp.directionOf(audio));
    }

    @Test
    void acceptsBareLineFeedsAndMissingTrailingBreak() throws Exception {
        SessionDescription sdp = SdpParser.parse(OFFER.replace("\r\n", "\n").stripTrailing());
        assertEquals(1, sdp.media().size());
    }

    @Test
    void mediaLevelConnectionAndDirectionOverrideSessionLevel() throws Exception {
        SessionDescription sdp = SdpParser.parse(OFFER.replace("a=sendonly\r\n", "c=IN IP4 192.0.2.20\r\n"
                + "a=inactive\r\n").replace("t=0 0\r\n", "t=0 0\r\na=sendrecv\r\n"));
        MediaDescription audio = sdp.media().get(0);
        assertEquals("192.0.2.20", sdp.connectionAddressOf(audio));
        assertEquals(MediaDirection.INACTIVE, sdp.directionOf(audio));
        assertEquals(MediaDirection.SENDRECV, sdp.direction());
    }

    @Test
    void directionDefaultsToSendrecv() throws Exception {
        SessionDescription sdp = SdpParser.parse(OFFER.replace("a=sendonly\r\n", ""));
        assertNull(sdp.direction());
        assertEquals(MediaDirection.SENDRECV, sdp.directionOf(sdp.media().get(0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "hello",
        "v=1\r\no=a 1 1 IN IP4 1.2.3.4\r\n",
        "v=0\r\ns=-\r\n",
        "v=0\r\no=a 1 IN IP4 1.2.3.4\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\nc=IN IP4\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP x\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 300\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\nm=audio 4000\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\n\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\nno equals sign\r\n"
    })
    void malformedSdpIsRefused(String text) {
        assertThrows(MalformedSdpException.class, () -> SdpParser.parse(text));
    }

    @Test
    void oversizedSdpIsRefused() {
        byte[] big = new byte[SdpParser.MAX_BYTES + 1];
        assertThrows(MalformedSdpException.class, () -> SdpParser.parse(big));
    }

    @Test
    void tooManyMediaSectionsAreRefused() {
        String many = "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\n" + "m=audio 4000 RTP/AVP 0\r\n".repeat(SdpParser.MAX_MEDIA + 1);
        assertThrows(MalformedSdpException.class, () -> SdpParser.parse(many));
    }

    @org.junit.jupiter.api.Test
    void malformedRtpmapOnAStreamSayLineRefusesIsIgnored() throws Exception {
        // RFC 4475 §3.1.1.1 (wsinv): a valid INVITE whose video stream has "a=rtpmap:31 LPC" (no clock rate).
        SessionDescription sdp = SdpParser.parse(("v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.3\r\ns=-\r\n"
                + "c=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 49217 RTP/AVP 0 12\r\nm=video 3227 RTP/AVP 31\r\n"
                + "a=rtpmap:31 LPC\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(2, sdp.media().size());
    }
}
