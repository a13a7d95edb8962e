package io.sayline.sip;

import io.sayline.sip.admission.DigestCredentials;
import java.util.Optional;

/**
 * What the signalling plane tells the call orchestration.
 *
 * <p>Threading: every method is called on a JAIN SIP listener thread while the call's lock is held,
 * so for one call the callbacks arrive in order and nothing follows {@link #onEnded}. Implementations
 * must only hand the event over (e.g. {@code loop.execute(...)}) and return: never block here.
 * Calling the call's own methods from inside a callback is allowed (the lock is re-entrant).
 */
public interface SipCallListener {

    /**
     * The credentials a new INVITE to {@code requestUser} must carry (digest authentication, RFC 3261 §22), or empty
     * when its route asks for none. Asked before {@link #onInvite}; any thread.
     */
    default Optional<DigestCredentials> credentialsFor(String requestUser) {
        return Optional.empty();
    }

    /** A new, validated, acceptable call (codec negotiated when it had SDP). Answer, reject or hang up. */
    void onInvite(InboundCall call);

    /** The caller acknowledged our 200 OK: media may start. For a no-SDP INVITE the remote media is now known. */
    void onAck(InboundCall call);

    /** A re-INVITE changed the remote media: new address/port, or hold ({@link RemoteMedia#onHold()}) / resume. */
    void onMediaUpdate(InboundCall call, RemoteMedia media);

    /** A SIP INFO DTMF digit (application/dtmf-relay or application/dtmf). */
    void onDtmfInfo(InboundCall call, char digit, int durationMs);

    /** The call is over and every signalling resource is freed; called exactly once per call. */
    void onEnded(InboundCall call, EndReason reason);
}
