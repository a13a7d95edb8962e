package io.sayline.sip.sdp;

/** An {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]} attribute (RFC 4566 §6). */
public record RtpMap(int payloadType, String encoding, int clockRate) {

    public boolean isTelephoneEvent() {
        return encoding.equalsIgnoreCase("telephone-event") && clockRate == Codec.CLOCK_RATE;
    }
}
