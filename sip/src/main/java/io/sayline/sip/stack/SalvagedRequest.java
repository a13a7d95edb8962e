package io.sayline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request the JAIN SIP RI cannot parse, rebuilt just far enough to be refused with a well-formed 400.
 *
 * <p>RFC 4475 §3.1.2 asks a UAS to answer 400 to requests with a broken Request-Line (ltgtruri, lwsruri), an
 * unterminated quote in To (quotbal), a CSeq number beyond 2**63 (scalar02) or a Content-Length that does not fit
 * the datagram (clerr, ncl). The RI's parser throws on each, and its own 400 is malformed (see
 * {@link LenientDropParserFactory}), so those requests used to be dropped. Here the headers a response needs (RFC
 * 3261 §8.2.6.2: Via, From, To, Call-ID, CSeq) are taken from the raw text one by one; a From, To or CSeq that does
 * not parse is replaced by a placeholder, the Request-URI by {@code sip:invalid.invalid}, the body left out. The
 * rebuilt request is parsed by the RI and marked with {@link Unparseable}: it then travels the normal path —
 * source filter, per-source limits, then request validation, which answers 400 naming the broken part (never
 * echoing it). Without a parseable top Via or a Call-ID there is nowhere safe to answer (RFC 3261 §18.2.2) and
 * the request stays dropped, as are responses.
 */
final class SalvagedRequest {
    /** RFC 3261 §25.1 token: what a method name may be made of. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]+");
    private static final String PLACEHOLDER_URI = "sip:invalid.invalid";
    private static final String PLACEHOLDER_FROM = "<" + PLACEHOLDER_URI + ">;tag=unparseable";
    private static final String PLACEHOLDER_TO = "<" + PLACEHOLDER_URI + ">";
    /** RFC 3261 §7.3.3 compact forms of the headers kept. */
    private static final Map<String, String> NAMES = Map.of(
            "via", "Via", "v", "Via", "from", "From", "f", "From", "to", "To", "t", "To",
            "call-id", "Call-ID", "i", "Call-ID", "cseq", "CSeq", "max-forwards", "Max-Forwards");

    private SalvagedRequest() {
    }

    /** The rebuilt request, or empty when the datagram is no request or cannot be answered safely. */
    static Optional<SIPMessage> of(byte[] datagram, MessageParser parser) {
        String text = new String(datagram, StandardCharsets.ISO_8859_1);
        int headEnd = headEnd(text);
        List<String> lines = unfold(text.substring(0, headEnd < 0 ? text.length() : headEnd));
        if (lines.isEmpty() || lines.get(0).startsWith("SIP/")) {
            return Optional.empty();
        }
        String method = lines.get(0).split(" ", 2)[0];
        if (!TOKEN.matcher(method).matches()) {
            return Optional.empty();
        }
        Rebuild rebuild = new Rebuild(method);
        rebuild.requestLine(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            rebuild.header(line);
        }
        if (!rebuild.answerable()) {
            return Optional.empty();
        }
        rebuild.checkContentLength(text, headEnd);
        rebuild.completeHeaders();
        try {
            SIPMessage message = parser.parseSIPMessage(rebuild.bytes(), true, false, null);
            if (message == null) {
                return Optional.empty();
            }
            message.setApplicationData(new Unparseable(rebuild.defect()));
            return Optional.of(message);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where the header section ends (the blank line), or -1 when the datagram has none. */
    private static int headEnd(String text) {
        int crlf = text.indexOf("\r\n\r\n");
        return crlf >= 0 ? crlf : text.indexOf("\n\n");
    }

    /** Header lines with RFC 3261 §7.3.1 folding undone; leading CRLFs (§7.5) skipped. */
    private static List<String> unfold(String head) {
        List<String> lines = new ArrayList<>();
        for (String line : head.replaceFirst("^[\r\n]+", "").split("\r?\n")) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.trim());
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The request being rebuilt, and the first part of the original found broken. */
    private static final class Rebuild {
        private final String method;
        private final StringBuilder headers = new StringBuilder();
        private String requestLine;
        private String defect;
        private String declaredLength;
        private boolean topVia;
        private boolean viaBroken;
        private boolean callId;
        private boolean from;
        private boolean to;
        private boolean cseq;

        Rebuild(String method) {
            this.method = method;
        }

        void requestLine(String original) {
            try {
                new StringMsgParser().parseSIPRequestLine(original + "\r\n");
                requestLine = original;
            } catch (ParseException | RuntimeException e) {
                requestLine = method + " " + PLACEHOLDER_URI + " SIP/2.0";
                broken("Request-Line");
            }
        }

        void header(String line) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return;
            }
            String lowerName = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (declaredLength == null && (lowerName.equals("content-length") || lowerName.equals("l"))) {
                declaredLength = value;
            }
            String name = NAMES.get(lowerName);
            if (name == null) {
                return;
            }
            boolean parses = parses(name + ": " + value);
            switch (name) {
                case "Via" -> via(value, parses);
                case "Call-ID" -> callId |= keep(name, value, parses);
                case "From" -> from |= keepOrReplace(name, value, parses, PLACEHOLDER_FROM);
                case "To" -> to |= keepOrReplace(name, value, parses, PLACEHOLDER_TO);
                case "CSeq" -> cseq |= keepOrReplace(name, value, parses, placeholderCseq());
                default -> keep(name, value, parses);
            }
        }

        private void via(String value, boolean parses) {
            if (!parses) {
                viaBroken = true; // the response goes to the Vias above this one only; none above: not answered
                return;
            }
            if (!viaBroken) {
                topVia |= keep("Via", value, true);
            }
        }

        private boolean keep(String name, String value, boolean parses) {
            if (parses) {
                headers.append(name).append(": ").append(value).append("\r\n");
            }
            return parses;
        }

        private boolean keepOrReplace(String name, String value, boolean parses, String placeholder) {
            if (!parses) {
                broken(name);
            }
            return keep(name, parses ? value : placeholder, true);
        }

        boolean answerable() {
            return topVia && callId;
        }

        /** A body is never kept; a Content-Length that does not fit the datagram is the defect when none other is. */
        void checkContentLength(String text, int headEnd) {
            if (headEnd < 0 || declaredLength == null) {
                return; // no blank line: no body, and the defect is elsewhere
            }
            int body = text.length() - headEnd - (text.startsWith("\r\n", headEnd) ? 4 : 2);
            if (!declaredLength.equals(Integer.toString(body))) {
                broken("Content-Length");
            }
        }

        /** Placeholders for the headers a response must copy that the request lacked, and no body. */
        void completeHeaders() {
            if (!from) {
                keep("From", PLACEHOLDER_FROM, true);
            }
            if (!to) {
                keep("To", PLACEHOLDER_TO, true);
            }
            if (!cseq) {
                keep("CSeq", placeholderCseq(), true);
            }
            headers.append("Content-Length: 0\r\n");
        }

        private String placeholderCseq() {
            return "1 " + method;
        }

        private void broken(String part) {
            if (defect == null) {
                defect = part;
            }
        }

        String defect() {
            return defect == null ? "message" : defect;
        }

        byte[] bytes() {
            return (requestLine + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        private static boolean parses(String header) {
            try {
                StringMsgParser.parseSIPHeader(header + "\r\n");
                return true;
            } catch (ParseException | RuntimeException e) {
                return false;
            }
        }
    }
}
