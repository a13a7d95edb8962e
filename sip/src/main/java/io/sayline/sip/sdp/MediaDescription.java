package io.sayline.sip.sdp;

import io.sayline.sip.MediaDirection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code m=} section (RFC 4566 §5.14) with the attributes Sayline needs.
 *
 * @param connectionAddress this section's {@code c=} address, or null to inherit the session's
 * @param direction         this section's direction attribute, or null to inherit the session's
 */
public record MediaDescription(
        String type,
        int port,
        String protocol,
        List<String> formats,
        Map<Integer, RtpMap> rtpMaps,
        String connectionAddress,
        MediaDirection direction) {

    public MediaDescription {
        formats = List.copyOf(formats);
        rtpMaps = Map.copyOf(rtpMaps);
    }

    /** The rtpmap for a payload type, falling back to the static assignments of RFC 3551. */
    public Optional<RtpMap> rtpMap(int payloadType) {
        RtpMap explicit = rtpMaps.get(payloadType);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        return Codec.ofStaticPayloadType(payloadType)
                .map(codec -> new RtpMap(payloadType, codec.name(), Codec.CLOCK_RATE));
    }

    public boolean isAudioRtp() {
        return type.equals("audio") && protocol.equals("RTP/AVP");
    }
}
