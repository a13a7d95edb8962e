package io.sayline.sip.dialog;

import io.sayline.sip.MediaDirection;
import io.sayline.sip.sdp.Codec;
import io.sayline.sip.sdp.Negotiation;
import io.sayline.sip.sdp.SdpOrigin;
import io.sayline.sip.sdp.SdpWriter;
import io.sayline.sip.sdp.SessionDescription;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Our side of a call's SDP session: one address and port, one {@code o=} session id, and a version that goes
 * up by one with every SDP we send (RFC 3264 §8). Guarded by the owning call's lock.
 */
final class LocalSession {
    private final InetAddress address;
    private final int port;
    private final List<Codec> codecs;
    private SdpOrigin origin;

    LocalSession(InetAddress address, int port, List<Codec> codecs) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("media port must be 1..65535, was " + port);
        }
        this.address = address;
        this.port = port;
        this.codecs = List.copyOf(codecs);
    }

    InetAddress address() {
        return address;
    }

    int port() {
        return port;
    }

    /** Our answer to a remote offer. */
    String answer(SessionDescription offer, Negotiation.Agreed agreed) {
        return SdpWriter.answer(nextOrigin(), address, port, offer, agreed);
    }

    /** Our offer (the remote INVITE or re-INVITE had none): every configured codec, sendrecv. */
    String offer() {
        return SdpWriter.offer(nextOrigin(), address, port, codecs, MediaDirection.SENDRECV);
    }

    private SdpOrigin nextOrigin() {
        // RFC 4566 §5.2 suggests an NTP timestamp for the id; any number unique enough per session will do.
        origin = origin == null ? new SdpOrigin(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE >> 1), 1)
                : origin.next();
        return origin;
    }
}
