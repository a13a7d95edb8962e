package io.sayline.sip.stack;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends SIP messages through one provider. Every send catches what JAIN SIP throws
 * ({@code sendResponse} throws on e.g. a mutated Via transport, docs/dependencies.md, "JAIN SIP RI") and reports
 * failure as {@code false}: nothing escapes into the stack.
 */
public final class SipMessages {
    private static final Logger LOG = LoggerFactory.getLogger(SipMessages.class);
    private static final String CONTACT_USER = "sayline";
    private static final int MAX_REASON_CHARS = 120;

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final int sipPort;
    private final int tlsPort;
    /** Answers that could not be built or sent (e.g. a Via naming a transport we have no listening point for). */
    private final LongAdder unsent = new LongAdder();
    private final SipRejections rejections = new SipRejections();

    /** @param tlsPort the TLS listening port, or 0 without TLS */
    public SipMessages(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                       AddressFactory addresses, int sipPort, int tlsPort) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.sipPort = sipPort;
        this.tlsPort = tlsPort;
    }

    /** The Request-URI's user part, what routes match: "" for a URI without one. */
    public static String requestUser(Request request) {
        return request.getRequestURI() instanceof SipURI sip && sip.getUser() != null ? sip.getUser() : "";
    }

    public HeaderFactory headers() {
        return headers;
    }

    public AddressFactory addresses() {
        return addresses;
    }

    public int sipPort() {
        return sipPort;
    }

    /** Responses that could not be built or sent: their requests went unanswered. */
    public long unsentResponses() {
        return unsent.sum();
    }

    /** Error responses built so far, by method and status. */
    public SipRejections rejections() {
        return rejections;
    }

    /**
     * A response to {@code request}; empty (logged) if the stack cannot build one from it. Every response of
     * Sayline's is built here, so error statuses are counted here.
     */
    public Optional<Response> response(Request request, int status, String reason) {
        try {
            Response response = messages.createResponse(status, request);
            response.setReasonPhrase(safeReason(reason));
            if (status >= Response.MULTIPLE_CHOICES) {
                rejections.count(request.getMethod(), status);
            }
            return Optional.of(response);
        } catch (ParseException | IllegalArgumentException e) {
            LOG.warn("cannot build {} for {}: {}", status, request.getMethod(), e.getMessage());
            unsent.increment();
            return Optional.empty();
        }
    }

    /** Reason phrases are ours, but some quote request fields: keep them one short line (RFC 3261 §25.1). */
    static String safeReason(String reason) {
        String line = reason.replaceAll("[\\x00-\\x1f\\x7f]", " ");
        return line.length() > MAX_REASON_CHARS ? line.substring(0, MAX_REASON_CHARS) : line;
    }

    /** Sends a response outside any transaction (OPTIONS, and errors to requests we do not act on). */
    public boolean sendStateless(Response response) {
        try {
            provider.sendResponse(response);
            return true;
        } catch (SipException | RuntimeException e) {
            LOG.warn("stateless {} not sent: {}", response.getStatusCode(), e.toString());
            unsent.increment();
            return false;
        }
    }

    /** Builds and sends a stateless response in one step. */
    public boolean respondStateless(Request request, int status, String reason, Header... extra) {
        Optional<Response> response = response(request, status, reason);
        if (response.isEmpty()) {
            return false;
        }
        for (Header header : extra) {
            response.get().addHeader(header);
        }
        return sendStateless(response.get());
    }

    public boolean send(ServerTransaction transaction, Response response) {
        try {
            transaction.sendResponse(response);
            return true;
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.warn("{} not sent: {}", response.getStatusCode(), e.toString());
            unsent.increment();
            return false;
        }
    }

    /** Builds and sends a response on a transaction in one step. */
    public boolean respond(ServerTransaction transaction, int status, String reason) {
        return response(transaction.getRequest(), status, reason).map(r -> send(transaction, r)).orElse(false);
    }

    /**
     * The server transaction of a request: the stack's, or a new one. Empty when the stack already has one
     * (a retransmission it did not absorb) or refuses: the request is then not acted on twice.
     */
    public Optional<ServerTransaction> serverTransaction(RequestEvent event) {
        if (event.getServerTransaction() != null) {
            return Optional.of(event.getServerTransaction());
        }
        try {
            return Optional.of(provider.getNewServerTransaction(event.getRequest()));
        } catch (SipException | RuntimeException e) {
            LOG.debug("no server transaction for {}: {}", event.getRequest().getMethod(), e.toString());
            return Optional.empty();
        }
    }

    public void setToTag(Response response, String tag) {
        try {
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(tag);
        } catch (ParseException e) {
            LOG.warn("bad to-tag {}: {}", tag, e.getMessage());
        }
    }

    /**
     * Our Contact: {@code sip:sayline@address:port}, with the transport the dialog uses and that transport's port
     * (TLS has its own).
     */
    public Optional<ContactHeader> contact(InetAddress address, String transport) {
        try {
            String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress();
            SipURI uri = addresses.createSipURI(CONTACT_USER, host);
            boolean tls = transport.equalsIgnoreCase("tls");
            uri.setPort(tls ? tlsPort : sipPort);
            if (!transport.equalsIgnoreCase("udp")) {
                uri.setTransportParam(transport.toLowerCase(java.util.Locale.ROOT));
            }
            Address contact = addresses.createAddress(uri);
            return Optional.of(headers.createContactHeader(contact));
        } catch (ParseException e) {
            LOG.warn("cannot build Contact for {}: {}", address, e.getMessage());
            return Optional.empty();
        }
    }

    public boolean setSdp(javax.sip.message.Message message, String sdp) {
        try {
            ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
            message.setContent(sdp.getBytes(StandardCharsets.US_ASCII), type);
            return true;
        } catch (ParseException e) {
            LOG.warn("cannot attach SDP: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Adds a header given as text (Retry-After, Supported...); a list value ("INVITE, ACK") becomes one
     * header per element, as the RI's factory only builds single values. A bad one is logged and skipped.
     */
    public void addHeader(javax.sip.message.Message message, String name, String value) {
        String[] elements = value.isEmpty() ? new String[] {value} : value.split(",");
        for (String element : elements) {
            addWholeHeader(message, name, element.trim());
        }
    }

    /** Adds one header whose value is not a comma-separated list (a challenge's parameters are comma-separated). */
    public void addWholeHeader(javax.sip.message.Message message, String name, String value) {
        try {
            message.addHeader(headers.createHeader(name, value));
        } catch (ParseException e) {
            LOG.warn("cannot add {}: {}", name, e.getMessage());
        }
    }

    /** A new in-dialog request (BYE, REFER) with our address in its Via; empty if the dialog cannot. */
    public Optional<Request> inDialogRequest(Dialog dialog, String method, InetAddress localAddress) {
        try {
            Request request = dialog.createRequest(method);
            ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
            if (via != null && isWildcard(via.getHost())) {
                // Bound to the wildcard, the stack writes 0.0.0.0 as sent-by; responses must find us.
                via.setHost(localAddress.getHostAddress());
            }
            return Optional.of(request);
        } catch (SipException | ParseException | RuntimeException e) {
            LOG.warn("cannot create {} in dialog: {}", method, e.toString());
            return Optional.empty();
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.startsWith("0:0:0:0");
    }

    /** Sends an in-dialog request in a new client transaction; empty (logged) on failure. */
    public Optional<ClientTransaction> sendInDialog(Dialog dialog, Request request) {
        try {
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            dialog.sendRequest(transaction);
            return Optional.of(transaction);
        } catch (SipException | RuntimeException e) {
            LOG.warn("{} not sent: {}", request.getMethod(), e.toString());
            return Optional.empty();
        }
    }
}
