package io.sayline.sip.stack;

import gov.nist.core.CommonLogger;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import io.sayline.sip.logging.Slf4jStackLogger;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/** Parses a datagram as a running SipServer does, through {@link LenientDropParserFactory}, without a stack. */
public final class ReceivedDatagrams {
    static {
        // The parser logs through the RI's CommonLogger, which a stack points at Sayline's logger when it starts
        // (else it loads log4j, not on the classpath); no stack runs here, so set it up as SipServer's would.
        CommonLogger.useLegacyLogger = true;
        CommonLogger.legacyLogger = new Slf4jStackLogger();
    }

    /** The RI's parser keeps no state between messages, and its factory ignores the stack: one serves all. */
    private static final MessageParser PARSER = new LenientDropParserFactory().createMessageParser(null);

    private ReceivedDatagrams() {
    }

    /** The message, or null when the server would drop the datagram. */
    public static SIPMessage parse(byte[] datagram) throws ParseException {
        return PARSER.parseSIPMessage(datagram, true, false, null);
    }

    public static SIPMessage parse(String datagram) throws ParseException {
        return parse(datagram.getBytes(StandardCharsets.ISO_8859_1));
    }
}
