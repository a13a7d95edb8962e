package io.sayline.sip;

/**
 * Progress of a blind transfer (REFER, RFC 3515). Called on JAIN SIP threads; hand over and return.
 */
public interface TransferListener {

    /** The transferee accepted the REFER (202) or refused it (any other final status). */
    void onReferResponse(int status, String reason);

    /**
     * A NOTIFY reported the status line of the transferee's INVITE (message/sipfrag, RFC 3515 §2.4.5).
     * {@code terminated} is true when the subscription ended (a final status).
     */
    void onProgress(int status, String reason, boolean terminated);

    /** The REFER or its subscription failed without a status (timeout, transport error). */
    void onFailed(String reason);
}
