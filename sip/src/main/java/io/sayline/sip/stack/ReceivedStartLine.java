package io.sayline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.sip.message.Message;

/**
 * A message's start line exactly as it arrived. The JAIN SIP RI normalises the Request-Line while parsing ("SIP/7.0"
 * reads back as SIP/2.0, runs of SP collapse), so the facts RFC 3261 §25.1 judges are gone from the parsed message;
 * {@link LenientDropParserFactory} keeps them as the message's application data for request validation.
 */
public record ReceivedStartLine(String text) {

    /** The first line of a datagram, after the CRLFs RFC 3261 §7.5 lets precede it; empty when there is none. */
    static Optional<ReceivedStartLine> of(byte[] datagram) {
        int start = 0;
        while (start < datagram.length && (datagram[start] == '\r' || datagram[start] == '\n')) {
            start++;
        }
        int end = start;
        while (end < datagram.length && datagram[end] != '\r' && datagram[end] != '\n') {
            end++;
        }
        if (end == start) {
            return Optional.empty();
        }
        String line = new String(datagram, start, end - start, StandardCharsets.ISO_8859_1);
        return Optional.of(new ReceivedStartLine(line));
    }

    /** The start line kept when the message was received; empty for messages built in process or read from TCP. */
    public static Optional<ReceivedStartLine> of(Message message) {
        return message instanceof SIPMessage sip && sip.getApplicationData() instanceof ReceivedStartLine line
                ? Optional.of(line) : Optional.empty();
    }

    void attachTo(SIPMessage message) {
        message.setApplicationData(this);
    }
}
