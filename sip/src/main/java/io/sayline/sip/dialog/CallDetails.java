package io.sayline.sip.dialog;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import io.sayline.sip.stack.SipMessages;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/** The immutable facts of an INVITE that the call orchestration reads. */
record CallDetails(
        String sipCallId,
        String from,
        String to,
        String requestUser,
        Map<String, String> headers,
        InetSocketAddress source,
        InetAddress localAddress,
        String transport) {
    /** Bounds what an INVITE can make us keep: a few dozen X- headers of a few hundred chars. */
    static final int MAX_HEADERS = 32;
    static final int MAX_HEADER_VALUE_CHARS = 256;

    static CallDetails of(Request invite, InetSocketAddress source, InetAddress localAddress) {
        String user = SipMessages.requestUser(invite);
        ViaHeader via = (ViaHeader) invite.getHeader(ViaHeader.NAME);
        return new CallDetails(
                ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(),
                ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI().toString(),
                ((ToHeader) invite.getHeader(ToHeader.NAME)).getAddress().getURI().toString(),
                user,
                selectedHeaders(invite),
                source,
                localAddress,
                receivedOn(invite, via));
    }

    /**
     * The transport the INVITE arrived on, which our Contact must name; the top Via's claim only when the stack does
     * not say. They differ behind a TLS terminator (stunnel, an SBC) that forwards a peer's TCP Via over TLS.
     */
    private static String receivedOn(Request invite, ViaHeader via) {
        return invite instanceof SIPRequest sip && sip.getMessageChannel() instanceof MessageChannel channel
                ? channel.getTransport() : via.getTransport();
    }

    /** User-Agent and the X-* headers a PBX adds for the bot (e.g. X-Customer-Id). */
    private static Map<String, String> selectedHeaders(Request invite) {
        Map<String, String> selected = new LinkedHashMap<>();
        Iterator<?> names = invite.getHeaderNames();
        while (names.hasNext() && selected.size() < MAX_HEADERS) {
            String name = (String) names.next();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("user-agent") && !lower.startsWith("x-")) {
                continue;
            }
            Header header = invite.getHeader(name);
            String value = header instanceof SIPHeader sipHeader ? sipHeader.getHeaderValue()
                    : valueOf(header.toString());
            if (value == null) {
                continue;
            }
            value = value.trim();
            selected.put(name, value.length() > MAX_HEADER_VALUE_CHARS
                    ? value.substring(0, MAX_HEADER_VALUE_CHARS) : value);
        }
        return java.util.Collections.unmodifiableMap(selected);
    }

    private static String valueOf(String headerLine) {
        int colon = headerLine.indexOf(':');
        return colon < 0 ? null : headerLine.substring(colon + 1);
    }
}
