package io.sayline.sip;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.message.SIPMessage;
import io.sayline.sip.admission.Admission;
import io.sayline.sip.admission.DigestAuth;
import io.sayline.sip.admission.DigestCredentials;
import io.sayline.sip.admission.SourceLimiter;
import io.sayline.sip.dialog.CallContext;
import io.sayline.sip.dialog.CallRegistry;
import io.sayline.sip.dialog.ServerCall;
import io.sayline.sip.dtmf.DtmfInfo;
import io.sayline.sip.sdp.Negotiation;
import io.sayline.sip.sdp.SessionDescription;
import io.sayline.sip.stack.SipMessages;
import io.sayline.sip.stack.SipRejections;
import io.sayline.sip.validation.RequestValidator;
import io.sayline.sip.validation.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN SIP listener: admits, validates and dispatches every request; nothing it does throws into the
 * stack. Called concurrently (re-entrant listener) on the stack's bounded pool.
 */
final class RequestRouter implements SipListenerExt {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, NOTIFY";
    static final String ACCEPT = "application/sdp, application/dtmf-relay, application/dtmf, message/sipfrag";
    /** Methods we recognise but do not serve: 405 with Allow (RFC 3261 §8.2.1); anything else is 501. */
    private static final Set<String> KNOWN_METHODS = Set.of("REGISTER", "SUBSCRIBE", "PUBLISH", "MESSAGE", "PRACK",
            "UPDATE", "REFER");
    /** Seconds a rate-limited or draining caller should wait before retrying (RFC 3261 §20.33). */
    static final int RETRY_AFTER_SECONDS = 1;

    private final CallContext context;
    private final SipMessages messages;
    private final Admission admission;
    private final LocalAddressResolver localAddresses;
    private volatile boolean draining;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    /** Requests with a live Call-ID whose tags did not match its dialog (481, or dropped for an ACK). */
    private final LongAdder notInDialog = new LongAdder();
    /** Requests from sources outside sip.allow. */
    private final LongAdder disallowed = new LongAdder();
    /** INVITEs with wrong digest credentials. */
    private final LongAdder authFailures = new LongAdder();

    RequestRouter(CallContext context, Admission admission, LocalAddressResolver localAddresses) {
        this.context = context;
        this.messages = context.messages();
        this.admission = admission;
        this.localAddresses = localAddresses;
    }

    /** The per-source limits and bans, for their counters. */
    SourceLimiter perSource() {
        return admission.perSource();
    }

    void drain() {
        draining = true;
    }

    /** Requests left unanswered: dropped on purpose, or their answer could not be sent. */
    long droppedRequests() {
        return dropped.sum() + messages.unsentResponses();
    }

    long rejectedRequests() {
        return rejected.sum();
    }

    CallRegistry registry() {
        return context.registry();
    }

    /** Requests from sources outside sip.allow (dropped, or answered 403). */
    long disallowedRequests() {
        return disallowed.sum();
    }

    /** Requests naming a live call's Call-ID with tags of no dialog of ours. */
    long notInDialogRequests() {
        return notInDialog.sum();
    }

    /** Error responses built, by method and status. */
    SipRejections rejections() {
        return messages.rejections();
    }

    @Override
    public void processRequest(RequestEvent event) {
        try {
            route(event);
        } catch (RuntimeException e) {
            dropped.increment();
            LOG.warn("request {} failed: {}", event.getRequest().getMethod(), e.toString(), e);
        }
    }

    private void route(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        boolean ack = method.equals(Request.ACK);
        InetSocketAddress source = sourceOf(request);
        if (!admission.allow().allows(source.getAddress())) {
            disallowed.increment();
            if (admission.answerDisallowed()) {
                reject(request, ack, Response.FORBIDDEN, "Forbidden");
            }
            return; // by default not a word: a scanner learns nothing, not even that SIP listens here
        }
        CallIdHeader callIdHeader = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        Optional<ServerCall> call = callIdHeader == null ? Optional.empty()
                : context.registry().get(callIdHeader.getCallId());
        if ((call.isEmpty() || outOfDialogMethod(request)) && !withinSourceLimits(request, ack, source)) {
            return;
        }
        Verdict verdict = RequestValidator.validate(request);
        if (verdict instanceof Verdict.Rejected bad) {
            LOG.info("{} from {} rejected: {} {}", method, source, bad.status(), bad.reason());
            rejectInvalid(request, ack, bad);
            return;
        }
        Optional<SessionDescription> sdp = ((Verdict.Accepted) verdict).sdp();
        if (call.isPresent() && !outOfDialogMethod(request) && !belongsToDialog(call.get(), request, ack, source)) {
            return;
        }
        switch (method) {
            case Request.INVITE -> {
                if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() == null) {
                    if (call.isPresent()) {
                        // RFC 3261 §8.2.2.2: the same Call-ID again without a To tag is a merged request (the
                        // stack absorbs true retransmissions).
                        reject(request, false, Response.LOOP_DETECTED, "Loop Detected");
                    } else {
                        newCall(event, source, sdp);
                    }
                } else if (call.isPresent()) {
                    messages.serverTransaction(event).ifPresent(st -> call.get().onReinvite(st, sdp));
                } else {
                    noSuchCall(request);
                }
            }
            case Request.ACK -> call.ifPresentOrElse(c -> c.onAck(request, sdp), dropped::increment);
            case Request.BYE -> inCall(event, call, c -> c::onBye);
            case Request.CANCEL -> inCall(event, call, c -> c::onCancel);
            case Request.NOTIFY -> inCall(event, call, c -> c::onNotify);
            case Request.INFO -> inCall(event, call, c -> st -> info(c, st));
            case Request.OPTIONS -> options(request);
            default -> {
                boolean known = KNOWN_METHODS.contains(method);
                reject(request, false, known ? Response.METHOD_NOT_ALLOWED : Response.NOT_IMPLEMENTED,
                        known ? "Method Not Allowed" : "Not Implemented");
            }
        }
    }

    /**
     * {@code sip.perSource} for a request outside any live dialog: a new INVITE over its source's rate gets 503
     * (RFC 3261 §21.5.4), anything else over it is dropped; a banned source's requests are dropped without a word.
     * False when the request was refused.
     */
    private boolean withinSourceLimits(Request request, boolean ack, InetSocketAddress source) {
        boolean invite = request.getMethod().equals(Request.INVITE) && !hasToTag(request);
        SourceLimiter.Kind kind = invite ? SourceLimiter.Kind.INVITE : SourceLimiter.Kind.OTHER;
        switch (admission.perSource().admit(source.getAddress(), kind)) {
            case PASS -> {
                return true;
            }
            case REFUSE -> {
                if (invite) {
                    reject(request, false, Response.SERVICE_UNAVAILABLE, "Source Rate Limit");
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean hasToTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    /**
     * Requests that are not (yet) in a dialog: an INVITE without a To tag starts one (or is a merged request),
     * a CANCEL belongs to the INVITE's transaction, not to its dialog (RFC 3261 §9.2), OPTIONS stands alone.
     */
    private static boolean outOfDialogMethod(Request request) {
        String method = request.getMethod();
        return method.equals(Request.CANCEL) || method.equals(Request.OPTIONS)
                || (method.equals(Request.INVITE) && !hasToTag(request));
    }

    /**
     * RFC 3261 §12.2.2 for a request inside {@code call}'s dialog: tags that name no dialog of ours (a forgery or a
     * stale request) get 481 and leave the call as it was (an ACK is never answered: dropped); a CSeq below the
     * caller's last gets 500 (ACK reuses the INVITE's CSeq: not checked). False when the request was refused.
     */
    private boolean belongsToDialog(ServerCall call, Request request, boolean ack, InetSocketAddress source) {
        if (!call.isInDialog(request)) {
            LOG.info("{} from {} for call {} does not match its dialog: 481", request.getMethod(), source,
                    call.sipCallId());
            notInDialog.increment();
            if (ack) {
                dropped.increment();
            } else {
                noSuchCall(request);
            }
            return false;
        }
        if (!ack && !call.inCseqOrder(request)) {
            reject(request, false, Response.SERVER_INTERNAL_ERROR, "CSeq Out of Order");
            return false;
        }
        return true;
    }

    private void newCall(RequestEvent event, InetSocketAddress source, Optional<SessionDescription> sdp) {
        Request request = event.getRequest();
        if (draining) {
            reject(request, false, Response.SERVICE_UNAVAILABLE, "Draining");
            return;
        }
        Optional<DigestCredentials> credentials = context.listener().credentialsFor(SipMessages.requestUser(request));
        if (credentials.isPresent() && !authenticated(request, credentials.get())) {
            return;
        }
        if (admission.maxCalls() > 0 && context.registry().size() >= admission.maxCalls()) {
            // RFC 3261 §21.5.4: overloaded, try again later (Retry-After); 486 would say the callee is busy.
            reject(request, false, Response.SERVICE_UNAVAILABLE, "Too Many Calls");
            return;
        }
        if (!admission.callRate().tryAcquire()) {
            reject(request, false, Response.SERVICE_UNAVAILABLE, "Call Rate Limit");
            return;
        }
        Negotiation.Agreed agreed = null;
        if (sdp.isPresent()) {
            Negotiation result = context.offerAnswer().answer(sdp.get());
            if (result instanceof Negotiation.Refused refused) {
                LOG.info("INVITE from {} refused: {}", source, refused.reason());
                rejected.increment();
                // RFC 3264 §6: no acceptable media → 488, decided here so the application only sees usable calls.
                messages.respondStateless(request, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here");
                return;
            }
            agreed = (Negotiation.Agreed) result;
        }
        Optional<ServerTransaction> transaction = messages.serverTransaction(event);
        if (transaction.isEmpty()) {
            dropped.increment();
            return;
        }
        InetAddress local = localAddresses.resolve(request, source);
        if (ServerCall.start(context, transaction.get(), source, local, sdp, agreed).isEmpty()) {
            dropped.increment(); // a second INVITE with a live Call-ID and no To tag: a loop or a replay
        }
    }

    /**
     * RFC 3261 §22.2: an INVITE without valid credentials for its route gets 401 with a fresh challenge (stale when
     * its nonce only expired, so the peer retries without asking its user). False when it was challenged.
     */
    private boolean authenticated(Request request, DigestCredentials credentials) {
        AuthorizationHeader authorization = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        DigestAuth.Verdict verdict = admission.digest().verify(authorization, request.getMethod(), credentials);
        if (verdict == DigestAuth.Verdict.VALID) {
            return true;
        }
        if (authorization != null && verdict == DigestAuth.Verdict.INVALID) {
            authFailures.increment();
            LOG.info("INVITE from {} for {}: wrong credentials, 401", sourceOf(request), credentials.realm());
        }
        messages.response(request, Response.UNAUTHORIZED, "Unauthorized").ifPresent(response -> {
            messages.addWholeHeader(response, "WWW-Authenticate",
                    admission.digest().challenge(credentials.realm(), verdict == DigestAuth.Verdict.STALE));
            messages.sendStateless(response);
        });
        return false;
    }

    /** INVITEs whose credentials were wrong (not merely missing or stale). */
    long authFailures() {
        return authFailures.sum();
    }

    private void info(ServerCall call, ServerTransaction transaction) {
        Request request = transaction.getRequest();
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (type == null || body == null || body.length == 0) {
            messages.respond(transaction, Response.OK, "OK"); // an empty INFO is a keep-alive probe
            return;
        }
        Optional<DtmfInfo> dtmf = type.getContentType().equalsIgnoreCase("application")
                ? DtmfInfo.parse(type.getContentSubType(), body) : Optional.empty();
        if (dtmf.isEmpty()) {
            boolean dtmfType = type.getContentSubType().toLowerCase(java.util.Locale.ROOT).startsWith("dtmf");
            messages.respond(transaction, dtmfType ? Response.BAD_REQUEST : Response.UNSUPPORTED_MEDIA_TYPE,
                    dtmfType ? "Malformed DTMF" : "Unsupported Media Type");
            return;
        }
        messages.respond(transaction, Response.OK, "OK");
        call.onDtmf(dtmf.get().digit(), dtmf.get().durationMs());
    }

    /**
     * OPTIONS is answered statelessly (docs/dependencies.md, "JAIN SIP RI": cheap under probing load),
     * 503 while draining.
     */
    private void options(Request request) {
        if (draining) {
            reject(request, false, Response.SERVICE_UNAVAILABLE, "Draining");
            return;
        }
        messages.response(request, Response.OK, "OK").ifPresent(response -> {
            messages.addHeader(response, "Allow", ALLOW);
            messages.addHeader(response, "Accept", ACCEPT);
            messages.addHeader(response, "Supported", "");
            messages.sendStateless(response);
        });
    }

    private interface CallAction {
        java.util.function.Consumer<ServerTransaction> of(ServerCall call);
    }

    private void inCall(RequestEvent event, Optional<ServerCall> call, CallAction action) {
        if (call.isEmpty()) {
            noSuchCall(event.getRequest());
            return;
        }
        messages.serverTransaction(event).ifPresentOrElse(action.of(call.get()), dropped::increment);
    }

    private void noSuchCall(Request request) {
        reject(request, false, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call/Transaction Does Not Exist");
    }

    private void rejectInvalid(Request request, boolean ack, Verdict.Rejected bad) {
        if (ack) {
            dropped.increment(); // RFC 3261 §17: an ACK is never answered
            return;
        }
        rejected.increment();
        messages.response(request, bad.status(), bad.reason()).ifPresent(response -> {
            if (!bad.unsupported().isEmpty()) {
                messages.addHeader(response, "Unsupported", String.join(", ", bad.unsupported()));
            }
            if (bad.status() == Response.UNSUPPORTED_MEDIA_TYPE) {
                messages.addHeader(response, "Accept", ACCEPT);
            }
            messages.sendStateless(response);
        });
    }

    private void reject(Request request, boolean ack, int status, String reason) {
        if (ack) {
            dropped.increment();
            return;
        }
        rejected.increment();
        messages.response(request, status, reason).ifPresent(response -> {
            if (status == Response.SERVICE_UNAVAILABLE) {
                messages.addHeader(response, "Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            }
            if (status == Response.METHOD_NOT_ALLOWED) {
                messages.addHeader(response, "Allow", ALLOW);
            }
            messages.sendStateless(response);
        });
    }

    static InetSocketAddress sourceOf(Request request) {
        SIPMessage message = (SIPMessage) request;
        InetAddress address = message.getPeerPacketSourceAddress() != null
                ? message.getPeerPacketSourceAddress() : message.getRemoteAddress();
        int port = message.getPeerPacketSourceAddress() != null
                ? message.getPeerPacketSourcePort() : message.getRemotePort();
        return new InetSocketAddress(address, port);
    }

    // ---- responses and timeouts ----

    @Override
    public void processResponse(ResponseEvent event) {
        try {
            ClientTransaction transaction = event.getClientTransaction();
            String callId = ((CallIdHeader) event.getResponse().getHeader(CallIdHeader.NAME)).getCallId();
            if (transaction != null) {
                context.registry().get(callId).ifPresent(c -> c.onResponse(transaction, event.getResponse()));
            }
        } catch (RuntimeException e) {
            LOG.warn("response handling failed: {}", e.toString(), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        try {
            if (event.isServerTransaction()) {
                ServerTransaction transaction = event.getServerTransaction();
                callOf(transaction.getRequest()).ifPresent(c -> c.onStackTimeout("server transaction"));
            } else {
                ClientTransaction transaction = event.getClientTransaction();
                callOf(transaction.getRequest()).ifPresent(c -> c.onClientTimeout(transaction));
            }
        } catch (RuntimeException e) {
            LOG.warn("timeout handling failed: {}", e.toString(), e);
        }
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        try {
            String callId = event.getDialog().getCallId().getCallId();
            context.registry().get(callId).ifPresent(c -> {
                if (event.getReason() == DialogTimeoutEvent.Reason.AckNotReceived) {
                    c.onAckTimeout();
                } else {
                    c.onStackTimeout("dialog (" + event.getReason() + ")");
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("dialog timeout handling failed: {}", e.toString(), e);
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        try {
            String callId = event.getDialog().getCallId().getCallId();
            context.registry().get(callId).ifPresent(ServerCall::onDialogTerminated);
        } catch (RuntimeException e) {
            LOG.warn("dialog end handling failed: {}", e.toString(), e);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.info("SIP transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Normal end of a transaction; calls end on their own events.
    }

    private Optional<ServerCall> callOf(Request request) {
        return context.registry().get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
    }
}
