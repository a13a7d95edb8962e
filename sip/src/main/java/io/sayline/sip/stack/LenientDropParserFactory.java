package io.sayline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN SIP's {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}: the RI's parser, except that a message whose
 * mandatory header (Via, From, To, CSeq, Call-ID) cannot be parsed is dropped instead of answered.
 *
 * <p>Why: on such a message the RI's UDP channel sends its own "400 Bad Request (...)" with a raw line break in
 * the reason phrase and the offending header echoed after it (docs/dependencies.md, "JAIN SIP RI") — a
 * malformed response that strict peers choke on. Without a parseable Via there is nowhere safe to answer anyway
 * (RFC 3261 §18.2.2), so the message is counted and dropped. Headers the RI merely skips (e.g.
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
        return (bytes, readBody, strict, listener) -> parse(parser, bytes, readBody, strict, listener);
    }

    private static SIPMessage parse(MessageParser parser, byte[] bytes, boolean readBody, boolean strict,
                                    ParseExceptionListener listener) {
        try {
            SIPMessage message = parser.parseSIPMessage(bytes, readBody, strict, listener);
            if (message == null) {
                if (!isKeepAlive(bytes)) {
                    DROPPED.increment(); // e.g. NUL bytes: the RI drops what is no message at all, silently
                }
                return null;
            }
            ReceivedStartLine.of(bytes).ifPresent(line -> line.attachTo(message));
            return message;
        } catch (ParseException | RuntimeException e) {
            // A null message makes the RI drop the datagram without answering.
            DROPPED.increment();
            if (LOG.isDebugEnabled()) {
                String reason = String.valueOf(e.getMessage());
                LOG.debug("unparseable SIP message dropped: {}",
                        reason.length() > MAX_LOGGED_CHARS ? reason.substring(0, MAX_LOGGED_CHARS) : reason);
            }
            return null;
        }
    }

    /** CR and LF only: an RFC 5626 keep-alive, which is no error. */
    private static boolean isKeepAlive(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
