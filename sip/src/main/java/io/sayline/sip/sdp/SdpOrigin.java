package io.sayline.sip.sdp;

/**
 * Our {@code o=} session id and version. RFC 3264 §8: every new SDP we send in the same session keeps the
 * id and increments the version.
 */
public record SdpOrigin(long sessionId, long version) {

    public SdpOrigin next() {
        return new SdpOrigin(sessionId, version + 1);
    }
}
