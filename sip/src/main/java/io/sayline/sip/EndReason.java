package io.sayline.sip;

/** Why a call ended; {@link SipCallListener#onEnded} reports exactly one per call. */
public enum EndReason {
    /** The caller sent BYE. */
    CALLER_BYE,
    /** The caller sent CANCEL before the call was answered (we replied 487). */
    CANCELLED,
    /** We ended it: {@link InboundCall#hangup()} (BYE, or a final error before the answer). */
    LOCAL_BYE,
    /** The application refused it with {@link InboundCall#reject(int, String)}. */
    REJECTED,
    /** No answer from the application, no ACK from the caller, or a transaction/dialog expired. */
    TIMEOUT,
    /** Signalling failed: a response could not be sent, the ACK's SDP answer was unusable, the server stopped. */
    ERROR
}
