package io.sayline.sip.sdp;

/** An SDP body that breaks RFC 4566 or Sayline's size limits; the request gets a 400. */
public final class MalformedSdpException extends Exception {

    public MalformedSdpException(String message) {
        super(message);
    }
}
