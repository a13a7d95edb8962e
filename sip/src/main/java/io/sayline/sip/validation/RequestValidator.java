package io.sayline.sip.validation;

import gov.nist.javax.sip.message.SIPMessage;
import io.sayline.sip.sdp.MalformedSdpException;
import io.sayline.sip.sdp.SdpParser;
import io.sayline.sip.sdp.SessionDescription;
import io.sayline.sip.stack.ReceivedStartLine;
import io.sayline.sip.stack.Unparseable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Checks a request before Sayline acts on it. The JAIN SIP RI parses leniently and hands the listener
 * requests that RFC 3261 says a UAS must refuse (docs/dependencies.md, "JAIN SIP RI": an unparseable
 * Max-Forwards is simply dropped, so a naive listener answers 200), so every rule here runs first and turns a
 * bad request into a well-formed error response.
 */
public final class RequestValidator {
    /** RFC 3261 §8.1.1.5: the CSeq sequence number MUST be less than 2**31. */
    private static final long MAX_CSEQ = (1L << 31) - 1;
    /** Larger requests get 513; the stack's own cap (MAX_MESSAGE_SIZE) only applies to TCP. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final int REQUEST_LINE_ELEMENTS = 3;
    /** The only version there is; RFC 3261 §7.1 compares it case-insensitively. */
    private static final String SIP_VERSION = "SIP/2.0";
    private static final String SDP_TYPE = "application";
    private static final String SDP_SUBTYPE = "sdp";

    private RequestValidator() {
    }

    public static Verdict validate(Request request) {
        Optional<Unparseable> unparseable = Unparseable.of(request);
        if (unparseable.isPresent()) {
            return bad("Malformed " + unparseable.get().part()); // RFC 4475 §3.1.2; never the peer's bytes
        }
        int size = ((SIPMessage) request).getSize(); // bytes on the wire; 0 when not received from a socket
        if (size > MAX_REQUEST_BYTES) {
            // RFC 3261 §21.5.11. Real INVITEs are a few KB; the RI accepts 20 KB junk headers
            // (docs/dependencies.md, "JAIN SIP RI").
            return new Verdict.Rejected(Response.MESSAGE_TOO_LARGE, "Message Too Large");
        }
        Optional<Verdict.Rejected> header = mandatoryHeaders(request);
        if (header.isPresent()) {
            return header.get();
        }
        Optional<Verdict.Rejected> requestLine = requestLine(request);
        if (requestLine.isPresent()) {
            return requestLine.get();
        }
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        if (!cseq.getMethod().equals(request.getMethod())) {
            return bad("CSeq method " + cseq.getMethod() + " does not match " + request.getMethod());
        }
        if (cseq.getSeqNumber() > MAX_CSEQ) {
            return bad("CSeq number too large");
        }
        Optional<Verdict.Rejected> length = contentLength(request);
        if (length.isPresent()) {
            return length.get();
        }
        Optional<Verdict.Rejected> require = require(request);
        if (require.isPresent()) {
            return require.get();
        }
        return body(request);
    }

    private static Optional<Verdict.Rejected> requestLine(Request request) {
        Optional<Verdict.Rejected> received = ReceivedStartLine.of(request).flatMap(RequestValidator::receivedLine);
        if (received.isPresent()) {
            return received;
        }
        URI uri = request.getRequestURI();
        String scheme = uri.getScheme();
        if (!scheme.equalsIgnoreCase("sip") && !scheme.equalsIgnoreCase("sips")) { // RFC 3261 §8.2.2.1
            return Optional.of(new Verdict.Rejected(Response.UNSUPPORTED_URI_SCHEME, "Unsupported URI Scheme"));
        }
        if (uri instanceof SipURI sip && sip.getHeaderNames().hasNext()) {
            // RFC 3261 §19.1.1 (Table 1): headers are not allowed in a Request-URI; RFC 4475 §3.1.2.11 (escruri).
            return Optional.of(bad("Headers in the Request-URI"));
        }
        return Optional.empty();
    }

    /**
     * RFC 3261 §25.1: Request-Line = Method SP Request-URI SP SIP-Version CRLF, one SP each. RFC 4475 §3.1.2.9
     * (lwsstart) and §3.1.2.10 (trws) are refused with 400, §3.1.2.16's SIP/7.0 with 505 (RFC 3261 §21.5.13).
     */
    private static Optional<Verdict.Rejected> receivedLine(ReceivedStartLine line) {
        String[] elements = line.text().split(" ", -1);
        if (elements.length != REQUEST_LINE_ELEMENTS || Arrays.asList(elements).contains("")) {
            return Optional.of(bad("Malformed Request-Line"));
        }
        if (!elements[2].equalsIgnoreCase(SIP_VERSION)) {
            return Optional.of(new Verdict.Rejected(Response.VERSION_NOT_SUPPORTED, "Version Not Supported"));
        }
        return Optional.empty();
    }

    private static Optional<Verdict.Rejected> mandatoryHeaders(Request request) {
        // RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via are mandatory in every request.
        String[] mandatory = {ViaHeader.NAME, CallIdHeader.NAME, CSeqHeader.NAME, FromHeader.NAME, ToHeader.NAME,
            MaxForwardsHeader.NAME};
        for (String name : mandatory) {
            if (request.getHeader(name) == null) {
                return Optional.of(bad("Missing or malformed " + name));
            }
        }
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        if (callId.getCallId() == null || callId.getCallId().isBlank()) {
            return Optional.of(bad("Empty Call-ID"));
        }
        return Optional.empty();
    }

    private static Optional<Verdict.Rejected> contentLength(Request request) {
        byte[] content = request.getRawContent();
        int actual = content == null ? 0 : content.length;
        ContentLengthHeader header = request.getContentLength();
        if (header != null && header.getContentLength() != actual) {
            // RFC 3261 §18.3: a body shorter than Content-Length is an error; over UDP a longer one is cut by
            // the stack before we see it, so any mismatch left here is a broken message.
            return Optional.of(bad("Content-Length " + header.getContentLength() + " but body has " + actual));
        }
        return Optional.empty();
    }

    private static Optional<Verdict.Rejected> require(Request request) {
        String method = request.getMethod();
        if (method.equals(Request.ACK) || method.equals(Request.CANCEL)) {
            return Optional.empty(); // RFC 3261 §8.2.2.3: never 420 for these
        }
        List<String> tags = new ArrayList<>();
        ListIterator<?> headers = request.getHeaders(RequireHeader.NAME);
        while (headers.hasNext()) {
            tags.add(((RequireHeader) headers.next()).getOptionTag());
        }
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Verdict.Rejected(Response.BAD_EXTENSION, "Bad Extension", tags));
    }

    private static Verdict body(Request request) {
        byte[] content = request.getRawContent();
        if (content == null || content.length == 0) {
            return new Verdict.Accepted(Optional.empty());
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        if (type == null) {
            return bad("Body without Content-Type"); // RFC 3261 §20.15
        }
        boolean sdp = SDP_TYPE.equalsIgnoreCase(type.getContentType())
                && SDP_SUBTYPE.equalsIgnoreCase(type.getContentSubType());
        String method = request.getMethod();
        boolean carriesSession = method.equals(Request.INVITE) || method.equals(Request.ACK);
        if (!sdp) {
            if (carriesSession) {
                return new Verdict.Rejected(Response.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type");
            }
            return new Verdict.Accepted(Optional.empty()); // e.g. INFO dtmf-relay: its handler reads it
        }
        try {
            SessionDescription parsed = SdpParser.parse(content);
            return new Verdict.Accepted(Optional.of(parsed));
        } catch (MalformedSdpException e) {
            return bad("Malformed SDP: " + e.getMessage());
        }
    }

    private static Verdict.Rejected bad(String reason) {
        return new Verdict.Rejected(Response.BAD_REQUEST, reason);
    }
}
