package io.sayline.sip.sdp;

import io.sayline.sip.RemoteMedia;

/** The outcome of SDP offer/answer (RFC 3264): an agreed audio stream, or the reason there is none (488). */
public sealed interface Negotiation {

    /**
     * @param remote     the caller's side of the stream
     * @param codec      the codec both sides use
     * @param mediaIndex which {@code m=} section of the offer carries it (the others are rejected with port 0)
     */
    record Agreed(RemoteMedia remote, Codec codec, int mediaIndex) implements Negotiation {
    }

    record Refused(String reason) implements Negotiation {
    }
}
