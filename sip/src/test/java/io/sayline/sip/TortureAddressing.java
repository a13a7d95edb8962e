package io.sayline.sip;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points an RFC 4475 message's answer at the test's own socket. The RFC's messages come from example.com hosts
 * (RFC 2606) and 192.0.2.0/24 (RFC 5737); a UAS answers a UDP request at the top Via's sent-by port, on the
 * address the datagram came from (RFC 3261 §18.2.2), so only the top Via's sent-by and transport are rewritten:
 * sent-by to {@code 127.0.0.1:<test port>}, transport to UDP (the test sends every message over UDP, §18.1.1).
 * Everything else, Request-URIs included, stays byte for byte as in the RFC: Sayline serves any Request-URI host
 * (it is the endpoint behind a trunk, not a proxy), so none has to name the test server.
 */
final class TortureAddressing {
    /** The top Via's protocol, transport and sent-by, whatever the header's spelling, folding or compact form. */
    private static final Pattern TOP_VIA = Pattern.compile(
            "(?im)^(?:via|v)[ \\t]*:\\s*(SIP\\s*/\\s*[0-9.]+\\s*/\\s*)([A-Za-z]+)(\\s+)([^;,\\s]+)");

    private TortureAddressing() {
    }

    /** The message with its top Via answering to 127.0.0.1:port; a message without a Via is left as it is. */
    static String answerTo(String message, int port) {
        Matcher via = TOP_VIA.matcher(message);
        if (!via.find()) {
            return message;
        }
        return message.substring(0, via.start(2)) + "UDP" + via.group(3) + "127.0.0.1:" + port
                + message.substring(via.end(4));
    }
}
