package io.sayline.sip;

import gov.nist.javax.sip.SipStackImpl;
import io.sayline.sip.stack.StackProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** A JAIN SIP user agent client on loopback, in the same JVM as the server, driven step by step by tests. */
public final class TestUac implements SipListener, AutoCloseable {
    private static final AtomicInteger STACKS = new AtomicInteger();
    public static final long WAIT_SECONDS = 10;

    private final SipStackImpl stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    public final HeaderFactory headers;
    private final AddressFactory addresses;
    private final int serverPort;
    private final String transport;
    private final int localPort;
    public final BlockingQueue<ResponseEvent> responses = new LinkedBlockingQueue<>();
    public final BlockingQueue<RequestEvent> requests = new LinkedBlockingQueue<>();
    private long cseq = 1;

    public TestUac(int serverPort, String transport) throws Exception {
        this.serverPort = serverPort;
        this.transport = transport;
        stack = new SipStackImpl(StackProperties.create("test-uac-" + STACKS.incrementAndGet()));
        SipFactory factory = SipFactory.getInstance();
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        ListeningPoint point = stack.createListeningPoint("127.0.0.1", freePort(transport), transport);
        localPort = point.getPort();
        provider = stack.createSipProvider(point);
        provider.addSipListener(this);
        stack.start();
    }

    /**
     * A free loopback port for the one transport this UAC listens on. (Asking for a port free for both UDP and
     * TCP failed now and then: the UDP port's TCP twin was some loopback connection's local port.)
     */
    private static int freePort(String transport) throws Exception {
        java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();
        if ("udp".equalsIgnoreCase(transport)) {
            try (java.net.DatagramSocket udp = new java.net.DatagramSocket(0, loopback)) {
                return udp.getLocalPort();
            }
        }
        try (java.net.ServerSocket tcp = new java.net.ServerSocket(0, 1, loopback)) {
            return tcp.getLocalPort();
        }
    }

    public Request request(String method, String user, String body) throws Exception {
        SipURI target = addresses.createSipURI(user, "127.0.0.1:" + serverPort);
        target.setTransportParam(transport);
        Address from = addresses.createAddress("sip:caller@127.0.0.1:" + localPort);
        FromHeader fromHeader = headers.createFromHeader(from, "uac" + System.nanoTime());
        ToHeader toHeader = headers.createToHeader(addresses.createAddress("sip:" + user + "@127.0.0.1"), null);
        CallIdHeader callId = provider.getNewCallId();
        CSeqHeader cseqHeader = headers.createCSeqHeader(cseq++, method);
        List<ViaHeader> vias = new ArrayList<>();
        vias.add(headers.createViaHeader("127.0.0.1", localPort, transport, null));
        MaxForwardsHeader maxForwards = headers.createMaxForwardsHeader(70);
        Request request = messages.createRequest(target, method, callId, cseqHeader, fromHeader, toHeader, vias,
                maxForwards);
        SipURI contactUri = addresses.createSipURI("caller", "127.0.0.1:" + localPort);
        contactUri.setTransportParam(transport);
        request.addHeader(headers.createContactHeader(addresses.createAddress(contactUri)));
        if (body != null) {
            request.setContent(body.getBytes(StandardCharsets.US_ASCII), sdpType());
        }
        return request;
    }

    public ContentTypeHeader sdpType() throws Exception {
        return headers.createContentTypeHeader("application", "sdp");
    }

    public ClientTransaction send(Request request) throws Exception {
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        transaction.sendRequest();
        return transaction;
    }

    public ClientTransaction sendInDialog(Dialog dialog, Request request) throws Exception {
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        dialog.sendRequest(transaction);
        return transaction;
    }

    public void ack(ResponseEvent ok, String sdp) throws Exception {
        Dialog dialog = ok.getDialog();
        long number = ((CSeqHeader) ok.getResponse().getHeader(CSeqHeader.NAME)).getSeqNumber();
        Request ack = dialog.createAck(number);
        if (sdp != null) {
            ack.setContent(sdp.getBytes(StandardCharsets.US_ASCII), sdpType());
        }
        dialog.sendAck(ack);
    }

    public ClientTransaction cancel(ClientTransaction invite) throws Exception {
        ClientTransaction cancel = provider.getNewClientTransaction(invite.createCancel());
        cancel.sendRequest();
        return cancel;
    }

    /** The next final (or given) response, skipping provisional ones unless asked for. */
    public ResponseEvent awaitResponse(int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            ResponseEvent event = responses.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no " + status + " within " + WAIT_SECONDS + " s");
            }
            if (event.getResponse().getStatusCode() == status) {
                return event;
            }
            if (event.getResponse().getStatusCode() >= Response.OK) {
                throw new AssertionError("expected " + status + ", got " + event.getResponse().getStatusCode()
                        + " " + event.getResponse().getReasonPhrase());
            }
        }
    }

    public RequestEvent awaitRequest(String method) throws InterruptedException {
        RequestEvent event = requests.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (event == null || !event.getRequest().getMethod().equals(method)) {
            throw new AssertionError("expected " + method + ", got " + (event == null ? "nothing" : event.getRequest()));
        }
        return event;
    }

    public void respond(RequestEvent event, int status) throws Exception {
        javax.sip.ServerTransaction transaction = event.getServerTransaction() != null
                ? event.getServerTransaction() : provider.getNewServerTransaction(event.getRequest());
        transaction.sendResponse(messages.createResponse(status, event.getRequest()));
    }

    @Override
    public void processRequest(RequestEvent event) {
        requests.add(event);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        responses.add(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        // Tests assert on responses; a timeout shows up as a missing one.
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        // As above.
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Not needed by the tests.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // Not needed by the tests.
    }

    @Override
    public void close() {
        io.sayline.sip.stack.StackShutdown.stop(stack, provider);
    }
}
