package io.sayline.sip.sdp;

import io.sayline.sip.MediaDirection;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/** Writes Sayline's SDP (RFC 4566, CRLF line ends) for answers and offers. */
public final class SdpWriter {
    private static final String CRLF = "\r\n";
    private static final String USER = "sayline";
    /** RFC 4733 §3.3: events 0-15 are the DTMF digits. */
    private static final String DTMF_EVENTS = "0-15";

    private SdpWriter() {
    }

    /**
     * Our answer: the agreed audio section with our address and port, the direction mirrored
     * (RFC 3264 §6.1), and every other offered section rejected with port 0 (RFC 3264 §6).
     */
    public static String answer(SdpOrigin origin, InetAddress address, int port, SessionDescription offer,
                                Negotiation.Agreed agreed) {
        StringBuilder sdp = header(origin, address);
        List<MediaDescription> media = offer.media();
        for (int index = 0; index < media.size(); index++) {
            MediaDescription section = media.get(index);
            if (index != agreed.mediaIndex()) {
                sdp.append("m=").append(section.type()).append(" 0 ").append(section.protocol());
                for (String format : section.formats()) {
                    sdp.append(' ').append(format);
                }
                sdp.append(CRLF);
                continue;
            }
            int telephoneEvent = agreed.remote().telephoneEventPayloadType();
            audio(sdp, port, List.of(new Payload(agreed.remote().payloadType(), agreed.codec())), telephoneEvent,
                    offer.directionOf(section).mirror());
        }
        return sdp.toString();
    }

    /** Our offer (the INVITE had none): every configured codec in order, plus telephone-event. */
    public static String offer(SdpOrigin origin, InetAddress address, int port, List<Codec> codecs,
                               MediaDirection direction) {
        StringBuilder sdp = header(origin, address);
        List<Payload> payloads = codecs.stream().map(c -> new Payload(c.staticPayloadType(), c)).toList();
        audio(sdp, port, payloads, OfferAnswer.OFFERED_TELEPHONE_EVENT_PT, direction);
        return sdp.toString();
    }

    private record Payload(int payloadType, Codec codec) {
    }

    private static StringBuilder header(SdpOrigin origin, InetAddress address) {
        String addressType = address instanceof Inet6Address ? "IP6" : "IP4";
        String host = address.getHostAddress();
        return new StringBuilder(256)
                .append("v=0").append(CRLF)
                .append("o=").append(USER).append(' ').append(origin.sessionId()).append(' ')
                .append(origin.version()).append(" IN ").append(addressType).append(' ').append(host).append(CRLF)
                .append("s=").append(USER).append(CRLF)
                .append("c=IN ").append(addressType).append(' ').append(host).append(CRLF)
                .append("t=0 0").append(CRLF);
    }

    private static void audio(StringBuilder sdp, int port, List<Payload> payloads, int telephoneEvent,
                              MediaDirection direction) {
        sdp.append("m=audio ").append(port).append(" RTP/AVP");
        for (Payload payload : payloads) {
            sdp.append(' ').append(payload.payloadType());
        }
        if (telephoneEvent >= 0) {
            sdp.append(' ').append(telephoneEvent);
        }
        sdp.append(CRLF);
        for (Payload payload : payloads) {
            sdp.append("a=rtpmap:").append(payload.payloadType()).append(' ').append(payload.codec().name())
                    .append('/').append(Codec.CLOCK_RATE).append(CRLF);
        }
        if (telephoneEvent >= 0) {
            sdp.append("a=rtpmap:").append(telephoneEvent).append(" telephone-event/").append(Codec.CLOCK_RATE)
                    .append(CRLF)
                    .append("a=fmtp:").append(telephoneEvent).append(' ').append(DTMF_EVENTS).append(CRLF);
        }
        sdp.append("a=").append(direction.attribute()).append(CRLF);
    }
}
