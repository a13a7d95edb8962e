package io.sayline.sip.sdp;

import io.sayline.sip.MediaDirection;
import java.util.List;

/**
 * A parsed SDP body (RFC 4566), reduced to what offer/answer needs.
 *
 * @param sessionId         the {@code o=} sess-id, kept as text (some UAs exceed 64 bits)
 * @param sessionVersion    the {@code o=} sess-version, as text
 * @param connectionAddress the session-level {@code c=} address, or null
 * @param direction         the session-level direction attribute, or null (sendrecv)
 */
public record SessionDescription(
        String sessionId,
        String sessionVersion,
        String connectionAddress,
        MediaDirection direction,
        List<MediaDescription> media) {

    public SessionDescription {
        media = List.copyOf(media);
    }

    /** The address a media section uses: its own {@code c=} or the session's (RFC 4566 §5.7). */
    public String connectionAddressOf(MediaDescription section) {
        return section.connectionAddress() != null ? section.connectionAddress() : connectionAddress;
    }

    /** The direction a media section uses: its own, the session's, or sendrecv (RFC 3264 §5.1). */
    public MediaDirection directionOf(MediaDescription section) {
        if (section.direction() != null) {
            return section.direction();
        }
        return direction != null ? direction : MediaDirection.SENDRECV;
    }
}
