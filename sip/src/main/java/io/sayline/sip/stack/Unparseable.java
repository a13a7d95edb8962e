package io.sayline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import java.util.Optional;
import javax.sip.message.Message;

/**
 * Marks a {@link SalvagedRequest}: the request arrived unparseable, and this names the part that was broken
 * ("Request-Line", "To", "CSeq", "Content-Length", ...) in Sayline's words, never the peer's bytes.
 */
public record Unparseable(String part) {

    /** The mark of a salvaged request; empty for every request that parsed as it arrived. */
    public static Optional<Unparseable> of(Message message) {
        return message instanceof SIPMessage sip && sip.getApplicationData() instanceof Unparseable mark
                ? Optional.of(mark) : Optional.empty();
    }
}
