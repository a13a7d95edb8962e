package io.sayline.sip;

/** The SIP server could not start (port busy, bad address, stack failure); the stack is already stopped. */
public final class SipServerException extends RuntimeException {

    public SipServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
