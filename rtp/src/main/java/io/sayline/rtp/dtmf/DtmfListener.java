package io.sayline.rtp.dtmf;

/** Receives one call per key press; called on the call's event loop. */
@FunctionalInterface
public interface DtmfListener {

    /** A key was pressed: {@code digit} is one of {@code 0-9 * # A-D}; duration as the sender reported it. */
    void onDigit(char digit, int durationMs);
}
