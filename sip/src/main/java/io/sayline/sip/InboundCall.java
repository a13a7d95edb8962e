package io.sayline.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * One call received by Sayline. All methods are thread-safe; the actions ({@link #answer},
 * {@link #reject}, {@link #hangup}, {@link #transfer}) are no-ops (logged) once the call cannot take
 * them any more, so a race with the caller's CANCEL or BYE is never an exception.
 */
public interface InboundCall {

    /** Sayline's own id for the call (logs, control channel). */
    String id();

    /** The SIP Call-ID. */
    String sipCallId();

    /** The From header's URI. */
    String from();

    /** The To header's URI. */
    String to();

    /** The Request-URI user part (empty if none): what routes match on. */
    String requestUser();

    /** Selected request headers: User-Agent and every X-* header, by their name as received. */
    Map<String, String> headers();

    /** Where the INVITE came from. */
    InetSocketAddress source();

    /**
     * The local address to put in SDP and Contact: {@code sip.publicAddress}, else the bind address
     * when it is not the wildcard, else the local address that routes to the caller.
     */
    InetAddress localAddress();

    /**
     * The negotiated remote media: from the INVITE's offer, or after {@link SipCallListener#onAck} from the
     * ACK's answer when the INVITE had no SDP; updated by re-INVITEs. Empty until known.
     */
    Optional<RemoteMedia> offer();

    /** Sends 200 OK with our SDP: the answer to the offer, or an offer when the INVITE had none. */
    void answer(InetAddress mediaAddress, int mediaPort);

    /** Refuses a call not answered yet with a final response (4xx-6xx). */
    void reject(int status, String reason);

    /** BYE when answered (sent after the ACK if it is still awaited); 480 when not answered yet. */
    void hangup();

    /** Blind transfer: REFER with Refer-To inside the confirmed dialog (RFC 3515). */
    void transfer(String referTarget, TransferListener listener);
}
