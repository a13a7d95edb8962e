package io.sayline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN SIP's {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}: the RI's parser, except that a message whose
 * Request-Line or mandatory header (Via, From, To, CSeq, Call-ID) cannot be parsed never reaches the RI's own
 * error handling.
 *
 * <p>Why: on such a message the RI's UDP channel sends its own "400 Bad Request (...)" with a raw line break in
 * the reason phrase and the offending header echoed after it (docs/dependencies.md, "JAIN SIP RI") — a
 * malformed response that strict peers choke on. Instead a request datagram is handed on as a
 * {@link SalvagedRequest}, which request validation refuses with a well-formed 400 after the source checks;
 * without a parseable Via there is nowhere safe to answer (RFC 3261 §18.2.2), so that message, a broken response
 * or a broken message on a stream is counted and dropped. Headers the RI merely skips (e.g.
 * {@code Max-Forwards: zzz}) still reach the listener and get Sayline's well-formed 400 from request validation.
 * Each parsed message carries its {@link ReceivedStartLine}, which the RI's parse does not preserve.
 */
public final class LenientDropParserFactory implements MessageParserFactory {
    private static final Logger LOG = LoggerFactory.getLogger(LenientDropParserFactory.class);
    private static final LongAdder DROPPED = new LongAdder();
    private static final int MAX_LOGGED_CHARS = 120;

    private final MessageParserFactory delegate = new StringMsgParserFactory();

    /** Messages dropped as unparseable since start, over all stacks in this JVM. */
    public static long droppedMessages() {
        return DROPPED.sum();
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser parser = delegate.createMessageParser(stack);
        // Only whole datagrams are salvaged: a stream parser (TCP, TLS) reads the body by the Content-Length of
        // what it is handed, and a rebuilt message has none, so the stream would lose its framing.
        return (bytes, readBody, strict, listener) -> parse(parser, bytes, readBody, strict, listener)
                .or(() -> readBody ? salvage(parser, bytes) : dropped(bytes)).orElse(null);
    }

    private static Optional<SIPMessage> parse(MessageParser parser, byte[] bytes, boolean readBody, boolean strict,
                                              ParseExceptionListener listener) {
        try {
            SIPMessage message = parser.parseSIPMessage(bytes, readBody, strict, listener);
            if (message == null) {
                return Optional.empty(); // e.g. NUL bytes: the RI drops what is no message at all, silently
            }
            ReceivedStartLine.of(bytes).ifPresent(line -> line.attachTo(message));
            return Optional.of(message);
        } catch (ParseException | RuntimeException e) {
            if (LOG.isDebugEnabled()) {
                String reason = String.valueOf(e.getMessage());
                LOG.debug("unparseable SIP message: {}",
                        reason.length() > MAX_LOGGED_CHARS ? reason.substring(0, MAX_LOGGED_CHARS) : reason);
            }
            return Optional.empty();
        }
    }

    /**
     * An unparseable request rebuilt to be refused with 400 (RFC 4475 §3.1.2), else nothing: a null message makes
     * the RI drop the datagram without answering, and the drop is counted.
     */
    private static Optional<SIPMessage> salvage(MessageParser parser, byte[] bytes) {
        if (isKeepAlive(bytes)) {
            return Optional.empty();
        }
        Optional<SIPMessage> salvaged = SalvagedRequest.of(bytes, parser);
        return salvaged.isPresent() ? salvaged : dropped(bytes);
    }

    private static Optional<SIPMessage> dropped(byte[] bytes) {
        if (!isKeepAlive(bytes)) {
            DROPPED.increment();
        }
        return Optional.empty();
    }

    /** CR and LF only: an RFC 5626 keep-alive, which is no error (and, on a stream, no message). */
    static boolean isKeepAlive(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
