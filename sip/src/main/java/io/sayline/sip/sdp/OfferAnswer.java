package io.sayline.sip.sdp;

import io.sayline.config.Cidr;
import io.sayline.sip.MediaDirection;
import io.sayline.sip.RemoteMedia;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SDP offer/answer for Sayline's single audio stream (RFC 3264), choosing codecs by the configured order.
 */
public final class OfferAnswer {
    /** The payload type we put on telephone-event when we make the offer (dynamic range, RFC 3551 §3). */
    public static final int OFFERED_TELEPHONE_EVENT_PT = 101;

    private final List<Codec> preference;
    private final MediaAddressPolicy addresses;

    /** Taking media to any address: for tests that are not about {@link MediaAddressPolicy}. */
    public OfferAnswer(List<Codec> preference) {
        this(preference, MediaAddressPolicy.ANY);
    }

    public OfferAnswer(List<Codec> preference, MediaAddressPolicy addresses) {
        if (preference.isEmpty()) {
            throw new IllegalArgumentException("codec preference must name at least one codec");
        }
        this.preference = List.copyOf(preference);
        this.addresses = addresses;
    }

    /** Codecs from configuration names ({@code RtpConfig.codecs()}), in order. */
    public static List<Codec> codecsFrom(List<String> names) {
        List<Codec> codecs = new ArrayList<>();
        for (String name : names) {
            Codec codec = Codec.ofName(name).orElseThrow(
                    () -> new IllegalArgumentException("codec must be PCMU or PCMA, was " + name));
            if (!codecs.contains(codec)) {
                codecs.add(codec);
            }
        }
        return codecs;
    }

    public List<Codec> preference() {
        return preference;
    }

    /**
     * Answers a remote offer: the first audio RTP/AVP section with a port, our most preferred codec that it
     * lists, and its telephone-event/8000 when present (RFC 3264 §6.1).
     */
    public Negotiation answer(SessionDescription offer) {
        return answer(offer, false);
    }

    /** As {@link #answer(SessionDescription)} for an offer inside an established call (a re-INVITE). */
    public Negotiation answerReoffer(SessionDescription offer) {
        return answer(offer, true);
    }

    private Negotiation answer(SessionDescription offer, boolean reoffer) {
        List<MediaDescription> media = offer.media();
        for (int index = 0; index < media.size(); index++) {
            MediaDescription section = media.get(index);
            if (!section.isAudioRtp() || section.port() == 0) {
                continue;
            }
            for (Codec codec : preference) {
                Optional<Integer> payloadType = payloadTypeOf(section, codec);
                if (payloadType.isPresent()) {
                    return agreed(offer, section, index, codec, payloadType.get(), reoffer);
                }
            }
            return new Negotiation.Refused("no common codec: we accept " + preference);
        }
        return new Negotiation.Refused("no audio RTP/AVP stream offered");
    }

    /**
     * Takes the remote answer to our offer (INVITE without SDP → our offer in the 200, answer in the ACK):
     * the answerer's first listed format among the codecs we offered wins (RFC 3264 §7).
     */
    public Negotiation acceptAnswer(SessionDescription answer) {
        List<MediaDescription> media = answer.media();
        if (media.isEmpty() || !media.get(0).isAudioRtp()) {
            return new Negotiation.Refused("answer has no audio RTP/AVP stream");
        }
        MediaDescription section = media.get(0);
        if (section.port() == 0) {
            return new Negotiation.Refused("answer rejected the audio stream");
        }
        for (String format : section.formats()) {
            int payloadType = Integer.parseInt(format); // checked by the parser for RTP profiles
            Optional<Codec> codec = section.rtpMap(payloadType)
                    .flatMap(map -> Codec.ofName(map.encoding()))
                    .filter(preference::contains);
            if (codec.isPresent()) {
                return agreed(answer, section, 0, codec.get(), payloadType, false);
            }
        }
        return new Negotiation.Refused("answer names none of the offered codecs " + preference);
    }

    private Negotiation agreed(SessionDescription sdp, MediaDescription section, int index, Codec codec,
                               int payloadType, boolean reoffer) {
        String address = sdp.connectionAddressOf(section);
        if (address == null || !Cidr.isLiteral(address)) {
            // Host names are legal SDP, but resolving them would block a SIP thread on DNS.
            return new Negotiation.Refused("connection address must be an IP literal, was " + address);
        }
        InetAddress inet;
        try {
            inet = InetAddress.getByName(address); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return new Negotiation.Refused("connection address unusable: " + address);
        }
        Optional<String> refusal = addresses.refusal(inet, reoffer);
        if (refusal.isPresent()) {
            return new Negotiation.Refused(refusal.get());
        }
        int telephoneEvent = telephoneEventOf(section);
        MediaDirection direction = sdp.directionOf(section);
        RemoteMedia remote = new RemoteMedia(codec.name(), payloadType, telephoneEvent,
                new InetSocketAddress(inet, section.port()), direction);
        return new Negotiation.Agreed(remote, codec, index);
    }

    private static Optional<Integer> payloadTypeOf(MediaDescription section, Codec codec) {
        for (String format : section.formats()) {
            int payloadType = Integer.parseInt(format); // checked by the parser for RTP profiles
            Optional<RtpMap> map = section.rtpMap(payloadType);
            if (map.isPresent() && map.get().encoding().equalsIgnoreCase(codec.name())
                    && map.get().clockRate() == Codec.CLOCK_RATE) {
                return Optional.of(payloadType);
            }
        }
        return Optional.empty();
    }

    private static int telephoneEventOf(MediaDescription section) {
        for (String format : section.formats()) {
            int payloadType = Integer.parseInt(format);
            if (section.rtpMap(payloadType).map(RtpMap::isTelephoneEvent).orElse(false)) {
                return payloadType;
            }
        }
        return RemoteMedia.NO_TELEPHONE_EVENT;
    }
}
