package io.sayline.rtp.session;

import io.sayline.rtp.dtmf.DtmfListener;
import io.sayline.rtp.packet.RtpPacket;

/** What an {@link RtpSession} receives from the caller; called on the call's event loop. */
public interface InboundListener extends DtmfListener {
    InboundListener NONE = new InboundListener() {
    };

    /**
     * An audio packet in the negotiated codec. Its {@link RtpPacket#payload()} is valid only during this call
     * (the datagram is released afterwards): copy what you keep.
     */
    default void onAudio(RtpPacket packet) {
    }

    /** An RFC 4733 key press, reported once per press. */
    @Override
    default void onDigit(char digit, int durationMs) {
    }
}
