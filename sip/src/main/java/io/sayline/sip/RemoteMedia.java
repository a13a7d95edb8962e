package io.sayline.sip;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The caller's side of a negotiated audio stream.
 *
 * @param codec                     "PCMU" or "PCMA"
 * @param payloadType               RTP payload type of that codec as negotiated
 * @param telephoneEventPayloadType RFC 4733 telephone-event payload type, or -1 when not negotiated
 * @param rtpAddress                where to send RTP
 * @param direction                 the caller's direction attribute; {@link MediaDirection#remoteReceives()}
 *                                  false means hold: pause our sending
 */
public record RemoteMedia(
        String codec,
        int payloadType,
        int telephoneEventPayloadType,
        InetSocketAddress rtpAddress,
        MediaDirection direction) {

    public static final int NO_TELEPHONE_EVENT = -1;

    public RemoteMedia {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(rtpAddress, "rtpAddress");
        Objects.requireNonNull(direction, "direction");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType must be 0..127, was " + payloadType);
        }
        if (telephoneEventPayloadType < NO_TELEPHONE_EVENT || telephoneEventPayloadType > 127) {
            throw new IllegalArgumentException("telephoneEventPayloadType must be -1..127, was "
                    + telephoneEventPayloadType);
        }
    }

    /** True when the caller put us on hold (sendonly, inactive or the RFC 2543 0.0.0.0 address). */
    public boolean onHold() {
        return !direction.remoteReceives() || rtpAddress.getAddress().isAnyLocalAddress();
    }

    public boolean hasTelephoneEvent() {
        return telephoneEventPayloadType != NO_TELEPHONE_EVENT;
    }
}
