package io.sayline.sip.dialog;

import io.sayline.sip.EndReason;
import io.sayline.sip.InboundCall;
import io.sayline.sip.RemoteMedia;
import io.sayline.sip.TransferListener;
import io.sayline.sip.sdp.Negotiation;
import io.sayline.sip.sdp.SessionDescription;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound call: the UAS side of an INVITE dialog.
 *
 * <pre>
 *  INVITE ──► PROCEEDING ──answer()──► ANSWERED ──ACK──► CONFIRMED ──BYE (either side)──► ENDED
 *  (100 sent)    │ CANCEL → 487            │ no ACK (64·T1) → BYE          │ re-INVITE → 200, stays
 *                │ reject() / hangup()     │ BYE from caller               │ INFO, NOTIFY → 200
 *                │ no answer in 32 s → 408 ▼                               ▼
 *                └──────────────────────► ENDED ◄─────── dialog or transaction timeout
 * </pre>
 * RFC 3261 §13.3 (UAS INVITE), §15 (BYE), §9.2 (CANCEL), §14.2 (re-INVITE). All state is guarded by this
 * object's lock; listener callbacks run under it so a call's events are ordered and end with onEnded.
 */
public final class ServerCall implements InboundCall {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCall.class);

    private enum State { PROCEEDING, ANSWERED, CONFIRMED, ENDED }

    private final String id = UUID.randomUUID().toString();
    private final CallDetails details;
    private final CallContext context;
    private final String toTag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final ReferState refer;

    private State state = State.PROCEEDING; // guarded by this
    private final ServerTransaction invite; // responses only under this
    private final Optional<SessionDescription> inviteOffer;
    /**
     * Written under this call's lock, read without it: the call loop reads the offer, and waiting for the lock
     * there meant waiting while another thread sent the 200 OK under it (a pacing loop stalled 2-3 ms).
     */
    private volatile Negotiation.Agreed agreed; // null until known
    private Dialog dialog; // guarded by this
    private LocalSession local; // guarded by this; null until answered
    /** CSeq of the INVITE whose 2xx awaits its ACK, or -1. */
    private long ackExpectedFor = -1; // guarded by this
    /** We sent an offer in that 2xx, so the ACK carries the answer (RFC 3264 §4, RFC 3261 §13.2.1). */
    private boolean answerInAck; // guarded by this
    private boolean hangupAfterAck; // guarded by this
    private HeldTransfer transferAfterAck; // guarded by this
    private ScheduledFuture<?> answerTimer; // guarded by this
    private ScheduledFuture<?> ackTimer; // guarded by this
    /** The caller's From tag: with {@link #toTag}, what names this dialog (RFC 3261 §12). */
    private final String callerTag;
    /** CSeq of the caller's latest request in this dialog (RFC 3261 §12.2.2). */
    private long remoteCseq; // guarded by this

    private ServerCall(CallDetails details, CallContext context, ServerTransaction invite,
                       Optional<SessionDescription> offer, Negotiation.Agreed agreed) {
        this.details = details;
        this.context = context;
        this.invite = invite;
        this.inviteOffer = offer;
        this.agreed = agreed;
        this.dialog = invite.getDialog();
        this.refer = new ReferState(this, context.messages());
        Request request = invite.getRequest();
        this.callerTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
        this.remoteCseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    /**
     * RFC 3261 §12.2.2: a request is in this call's dialog only if its Call-ID (the registry's key) and both tags
     * name it: the caller's From tag and the To tag we gave. A forged BYE or re-INVITE that knows only the
     * Call-ID must not end the call or move its media.
     */
    public boolean isInDialog(Request request) {
        String from = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
        String to = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        return toTag.equals(to) && Objects.equals(callerTag, from);
    }

    /**
     * RFC 3261 §12.2.2: a request whose CSeq is lower than the caller's last one in the dialog is out of order
     * (answered 500); otherwise it becomes the last one. ACK and CANCEL carry the INVITE's CSeq: not asked here.
     */
    public synchronized boolean inCseqOrder(Request request) {
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (cseq < remoteCseq) {
            return false;
        }
        remoteCseq = cseq;
        return true;
    }

    /**
     * Registers a new call for a validated INVITE whose offer (if any) was agreed, sends 100 Trying,
     * starts the answer timer and tells the listener. Empty if the Call-ID is already live.
     */
    public static Optional<ServerCall> start(CallContext context, ServerTransaction invite, InetSocketAddress source,
                                             InetAddress localAddress, Optional<SessionDescription> offer,
                                             Negotiation.Agreed agreed) {
        CallDetails details = CallDetails.of(invite.getRequest(), source, localAddress);
        ServerCall call = new ServerCall(details, context, invite, offer, agreed);
        // Registered under the call's lock: a CANCEL or BYE racing in on another thread waits until the
        // listener has seen onInvite, so nothing ever precedes onInvite or follows onEnded.
        synchronized (call) {
            if (!context.registry().add(call)) {
                return Optional.empty();
            }
            context.messages().respond(invite, Response.TRYING, "Trying");
            call.answerTimer = context.timers().schedule(call::onAnswerTimeout,
                    context.timeouts().answer().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("call {} INVITE {} from {} ({}) to {}", call.id, details.sipCallId(), details.from(),
                    source, details.to());
            call.notifyListener(() -> context.listener().onInvite(call));
        }
        return Optional.of(call);
    }

    // ---- InboundCall: identity ----

    @Override public String id() { return id; }
    @Override public String sipCallId() { return details.sipCallId(); }
    @Override public String from() { return details.from(); }
    @Override public String to() { return details.to(); }
    @Override public String requestUser() { return details.requestUser(); }
    @Override public Map<String, String> headers() { return details.headers(); }
    @Override public InetSocketAddress source() { return details.source(); }
    @Override public InetAddress localAddress() { return details.localAddress(); }

    @Override
    public Optional<RemoteMedia> offer() {
        return agreed == null ? Optional.empty() : Optional.of(agreed.remote());
    }

    // ---- InboundCall: actions ----

    @Override
    public synchronized void answer(InetAddress address, int port) {
        if (state != State.PROCEEDING) {
            LOG.info("call {} answer ignored in state {}", id, state);
            return;
        }
        local = new LocalSession(address, port, context.offerAnswer().preference());
        answerInAck = agreed == null;
        String sdp = answerInAck ? local.offer() : local.answer(inviteOffer.orElseThrow(), agreed);
        state = State.ANSWERED;
        cancelAnswerTimer();
        ackExpectedFor = cseqOf(invite.getRequest());
        if (!sendOk(invite, sdp)) {
            end(EndReason.ERROR);
            return;
        }
        dialog = invite.getDialog();
        // Our own timer: the stack's DialogTimeoutEvent for a missing ACK was seen not to come (the 200 was
        // retransmitted for 32 s, then nothing), and the call with its port, bot and media lived for ever.
        ackTimer = context.timers().schedule(this::onAckTimeout, context.timeouts().ack().toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.debug("call {} answered, media {}:{}", id, address.getHostAddress(), port);
    }

    @Override
    public synchronized void reject(int status, String reason) {
        if (status < 300 || status > 699) {
            throw new IllegalArgumentException("reject status must be 300..699, was " + status);
        }
        if (state != State.PROCEEDING) {
            LOG.info("call {} reject ignored in state {}", id, state);
            return;
        }
        sendFinal(status, reason);
        end(EndReason.REJECTED);
    }

    @Override
    public synchronized void hangup() {
        switch (state) {
            case PROCEEDING -> {
                sendFinal(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable");
                end(EndReason.LOCAL_BYE);
            }
            // RFC 3261 §15: the callee must not send BYE before the ACK of its 2xx (or its timeout).
            case ANSWERED -> hangupAfterAck = true;
            case CONFIRMED -> {
                sendBye();
                end(EndReason.LOCAL_BYE);
            }
            case ENDED -> LOG.debug("call {} hangup after end", id);
        }
    }

    @Override
    public synchronized void transfer(String referTarget, TransferListener listener) {
        switch (state) {
            case CONFIRMED -> refer.send(dialog, referTarget, listener, details.localAddress());
            // A bot may ask as soon as session.start arrives, which is when we answer: before the caller's
            // ACK. Like a BYE (RFC 3261 §15), the REFER waits for the ACK; the caller's dialog is not
            // confirmed until our 200 reached it.
            case ANSWERED -> {
                if (transferAfterAck != null) {
                    listener.onFailed("a transfer is already in progress");
                } else {
                    transferAfterAck = new HeldTransfer(referTarget, listener);
                }
            }
            default -> listener.onFailed("call is not established (" + state + ")");
        }
    }

    /** A transfer asked for before the caller's ACK. */
    private record HeldTransfer(String target, TransferListener listener) {
    }

    // ---- events from the stack (RequestRouter), on JAIN SIP threads ----

    /** CANCEL of our INVITE (RFC 3261 §9.2): 200 for the CANCEL, 487 for the INVITE if still unanswered. */
    public synchronized void onCancel(ServerTransaction cancel) {
        context.messages().respond(cancel, Response.OK, "OK");
        if (state == State.PROCEEDING) {
            sendFinal(Response.REQUEST_TERMINATED, "Request Terminated");
            end(EndReason.CANCELLED);
        }
    }

    public synchronized void onAck(Request ack, Optional<SessionDescription> sdp) {
        if (cseqOf(ack) != ackExpectedFor || state == State.ENDED) {
            return; // a late retransmission, or the ACK of a non-2xx (absorbed by the transaction)
        }
        ackExpectedFor = -1;
        boolean initial = state == State.ANSWERED;
        cancelAckTimer();
        if (answerInAck) {
            answerInAck = false;
            Negotiation result = sdp.map(context.offerAnswer()::acceptAnswer)
                    .orElse(new Negotiation.Refused("ACK carries no SDP answer"));
            if (result instanceof Negotiation.Refused refused) {
                // RFC 3261 §13.3.1.4 leaves us a dialog with no usable media: end it with BYE.
                LOG.warn("call {} unusable answer in ACK: {}", id, refused.reason());
                state = State.CONFIRMED;
                sendBye();
                end(EndReason.ERROR);
                return;
            }
            agreed = (Negotiation.Agreed) result;
            if (!initial) {
                notifyListener(() -> context.listener().onMediaUpdate(this, agreed.remote()));
            }
        }
        state = State.CONFIRMED;
        if (initial) {
            LOG.debug("call {} confirmed", id);
            notifyListener(() -> context.listener().onAck(this));
            if (hangupAfterAck) {
                sendBye();
                end(EndReason.LOCAL_BYE);
            } else if (transferAfterAck != null) {
                HeldTransfer held = transferAfterAck;
                transferAfterAck = null;
                refer.send(dialog, held.target(), held.listener(), details.localAddress());
            }
        }
    }

    public synchronized void onBye(ServerTransaction bye) {
        context.messages().respond(bye, Response.OK, "OK");
        if (state == State.PROCEEDING) {
            // A BYE before our answer should have been a CANCEL; the INVITE still needs its final response.
            sendFinal(Response.REQUEST_TERMINATED, "Request Terminated");
        }
        if (state != State.ENDED) {
            LOG.info("call {} BYE from caller", id);
            end(EndReason.CALLER_BYE);
        }
    }

    /** A re-INVITE (RFC 3261 §14.2): answer with the same session, version + 1 (RFC 3264 §8). */
    public synchronized void onReinvite(ServerTransaction reinvite, Optional<SessionDescription> offer) {
        // Our own offer awaiting its answer in an ACK is an offer/answer in progress: 491 (RFC 3261 §14.2).
        // An ACK merely not seen yet is not: a higher CSeq means the caller already sent it.
        if (state != State.CONFIRMED || answerInAck) {
            int status = state == State.ENDED ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST
                    : Response.REQUEST_PENDING;
            context.messages().respond(reinvite, status, status == Response.REQUEST_PENDING
                    ? "Request Pending" : "Call Does Not Exist");
            return;
        }
        String sdp;
        Negotiation.Agreed update = null;
        if (offer.isPresent()) {
            Negotiation result = context.offerAnswer().answerReoffer(offer.get());
            if (result instanceof Negotiation.Refused refused) {
                // The re-INVITE fails; the call goes on with the old session (RFC 3261 §14.2).
                context.messages().respond(reinvite, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here");
                LOG.info("call {} re-INVITE refused: {}", id, refused.reason());
                return;
            }
            update = (Negotiation.Agreed) result;
            sdp = local.answer(offer.get(), update);
        } else {
            sdp = local.offer();
            answerInAck = true;
        }
        ackExpectedFor = cseqOf(reinvite.getRequest());
        if (!sendOk(reinvite, sdp)) {
            answerInAck = false;
            ackExpectedFor = -1;
            return;
        }
        if (update != null) {
            agreed = update;
            RemoteMedia media = update.remote();
            LOG.info("call {} re-INVITE: {} {}", id, media.rtpAddress(), media.direction().attribute());
            notifyListener(() -> context.listener().onMediaUpdate(this, media));
        }
    }

    /** INFO (RFC 6086) carrying a DTMF digit, already parsed by the router. */
    public synchronized void onDtmf(char digit, int durationMs) {
        if (state != State.ENDED) {
            notifyListener(() -> context.listener().onDtmfInfo(this, digit, durationMs));
        }
    }

    /** NOTIFY of our REFER subscription (RFC 3515 §2.4.4). */
    public synchronized void onNotify(ServerTransaction notify) {
        refer.onNotify(notify);
    }

    /** A response to a request we sent in this dialog (REFER, BYE). */
    public synchronized void onResponse(ClientTransaction transaction, Response response) {
        refer.onResponse(transaction, response);
    }

    /** Our client transaction (REFER, BYE) timed out. */
    public synchronized void onClientTimeout(ClientTransaction transaction) {
        refer.onTimeout(transaction);
    }

    /** The caller never acknowledged our 2xx (64·T1): RFC 3261 §13.3.1.4 says end the dialog with BYE. */
    public synchronized void onAckTimeout() {
        if (state == State.ANSWERED) {
            LOG.warn("call {} no ACK for 200 OK within {} ms: BYE", id, context.timeouts().ack().toMillis());
            state = State.CONFIRMED;
            sendBye();
            end(EndReason.TIMEOUT);
        }
    }

    /** The dialog or the INVITE transaction ended under us (timeout, transport error). */
    public synchronized void onStackTimeout(String what) {
        if (state != State.ENDED) {
            LOG.warn("call {} {} timed out", id, what);
            if (state == State.PROCEEDING) {
                sendFinal(Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
            }
            end(EndReason.TIMEOUT);
        }
    }

    /**
     * The stack ended the dialog. An early dialog also ends when a CANCEL is being handled, so only an
     * established dialog ending under us is a timeout.
     */
    public synchronized void onDialogTerminated() {
        if (state == State.ANSWERED || state == State.CONFIRMED) {
            LOG.warn("call {} dialog terminated by the stack", id);
            end(EndReason.TIMEOUT);
        }
    }

    /** The server is stopping: end without signalling (the stack is going away). */
    public synchronized void onServerStop() {
        end(EndReason.ERROR);
    }

    private synchronized void onAnswerTimeout() {
        if (state == State.PROCEEDING) {
            LOG.warn("call {} not answered within {} ms", id, context.timeouts().answer().toMillis());
            sendFinal(Response.REQUEST_TIMEOUT, "Request Timeout");
            end(EndReason.TIMEOUT);
        }
    }

    // ---- internals, all under this ----

    private boolean sendOk(ServerTransaction transaction, String sdp) {
        Optional<Response> ok = context.messages().response(transaction.getRequest(), Response.OK, "OK");
        if (ok.isEmpty()) {
            return false;
        }
        Response response = ok.get();
        context.messages().setToTag(response, toTag);
        context.messages().contact(details.localAddress(), details.transport()).ifPresent(response::addHeader);
        context.messages().setSdp(response, sdp);
        return context.messages().send(transaction, response);
    }

    private void sendFinal(int status, String reason) {
        context.messages().response(invite.getRequest(), status, reason).ifPresent(response -> {
            context.messages().setToTag(response, toTag);
            context.messages().send(invite, response);
        });
    }

    private void sendBye() {
        if (dialog == null) {
            LOG.warn("call {} has no dialog for BYE", id);
            return;
        }
        context.messages().inDialogRequest(dialog, Request.BYE, details.localAddress())
                .ifPresent(bye -> context.messages().sendInDialog(dialog, bye));
    }

    private void end(EndReason reason) {
        if (state == State.ENDED) {
            return; // onEnded fires exactly once
        }
        state = State.ENDED;
        cancelAnswerTimer();
        cancelAckTimer();
        context.registry().remove(this);
        refer.onCallEnded();
        if (transferAfterAck != null) {
            transferAfterAck.listener().onFailed("the call ended before the caller's ACK");
            transferAfterAck = null;
        }
        LOG.info("call {} ended: {}", id, reason);
        notifyListener(() -> context.listener().onEnded(this, reason));
    }

    private void cancelAnswerTimer() {
        if (answerTimer != null) {
            answerTimer.cancel(false);
            answerTimer = null;
        }
    }

    private void cancelAckTimer() {
        if (ackTimer != null) {
            ackTimer.cancel(false);
            ackTimer = null;
        }
    }

    /** Listener failures are the application's bug; they must not unwind into JAIN SIP. */
    void notifyListener(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("call {} listener failed", id, e);
        }
    }

    private static long cseqOf(Request request) {
        return ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    @Override
    public String toString() {
        return "call " + id + " (" + details.sipCallId() + ")";
    }
}
