package io.sayline.sip.dialog;

import io.sayline.sip.TransferListener;
import io.sayline.sip.stack.SipMessages;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Optional;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.header.ReferToHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blind transfer in progress (RFC 3515): our REFER, its 202, and the NOTIFYs whose message/sipfrag
 * bodies carry the status line of the transferee's INVITE. Guarded by the owning call's lock.
 */
final class ReferState {
    private static final Logger LOG = LoggerFactory.getLogger(ReferState.class);
    private static final int MAX_TARGET_CHARS = 512;
    private static final int MAX_SIPFRAG_BYTES = 1024;
    private static final String SIPFRAG_PREFIX = "SIP/2.0 ";

    private final ServerCall call;
    private final SipMessages messages;
    private ClientTransaction pending; // guarded by call
    private TransferListener listener; // guarded by call
    private boolean finished = true; // guarded by call

    ReferState(ServerCall call, SipMessages messages) {
        this.call = call;
        this.messages = messages;
    }

    void send(Dialog dialog, String target, TransferListener transferListener, InetAddress localAddress) {
        if (!finished) {
            transferListener.onFailed("a transfer is already in progress");
            return;
        }
        if (target == null || target.length() > MAX_TARGET_CHARS) {
            transferListener.onFailed("transfer target missing or too long");
            return;
        }
        Address address;
        ReferToHeader referTo;
        try {
            address = messages.addresses().createAddress(target);
            referTo = messages.headers().createReferToHeader(address);
        } catch (ParseException e) {
            transferListener.onFailed("transfer target is not a SIP URI: " + e.getMessage());
            return;
        }
        Optional<Request> request = messages.inDialogRequest(dialog, Request.REFER, localAddress);
        if (request.isEmpty()) {
            transferListener.onFailed("cannot create REFER");
            return;
        }
        request.get().addHeader(referTo);
        Optional<ClientTransaction> sent = messages.sendInDialog(dialog, request.get());
        if (sent.isEmpty()) {
            transferListener.onFailed("REFER not sent");
            return;
        }
        pending = sent.get();
        listener = transferListener;
        finished = false;
        LOG.info("{} REFER to {}", call, target);
    }

    void onResponse(ClientTransaction transaction, Response response) {
        if (transaction != pending || listener == null || response.getStatusCode() < Response.OK) {
            return;
        }
        int status = response.getStatusCode();
        call.notifyListener(() -> listener.onReferResponse(status, response.getReasonPhrase()));
        if (status >= Response.MULTIPLE_CHOICES) {
            finished = true;
        }
    }

    void onTimeout(ClientTransaction transaction) {
        if (transaction == pending && !finished) {
            finished = true;
            call.notifyListener(() -> listener.onFailed("REFER timed out"));
        }
    }

    void onNotify(ServerTransaction notify) {
        Request request = notify.getRequest();
        messages.respond(notify, Response.OK, "OK");
        if (listener == null) {
            return;
        }
        SubscriptionStateHeader subscription =
                (SubscriptionStateHeader) request.getHeader(SubscriptionStateHeader.NAME);
        boolean terminated = subscription != null
                && SubscriptionStateHeader.TERMINATED.equalsIgnoreCase(subscription.getState());
        byte[] body = request.getRawContent();
        if (body == null || body.length > MAX_SIPFRAG_BYTES) {
            return;
        }
        String statusLine = new String(body, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (!statusLine.startsWith(SIPFRAG_PREFIX) || statusLine.length() < SIPFRAG_PREFIX.length() + 3) {
            LOG.info("{} NOTIFY without a sipfrag status line", call);
            return;
        }
        String code = statusLine.substring(SIPFRAG_PREFIX.length(), SIPFRAG_PREFIX.length() + 3);
        if (!code.chars().allMatch(Character::isDigit)) {
            return;
        }
        int status = Integer.parseInt(code);
        String reason = statusLine.substring(SIPFRAG_PREFIX.length() + 3).trim();
        if (terminated || status >= Response.OK) {
            finished = true;
        }
        TransferListener current = listener;
        call.notifyListener(() -> current.onProgress(status, reason, terminated));
    }

    void onCallEnded() {
        if (!finished && listener != null) {
            finished = true;
            TransferListener current = listener;
            call.notifyListener(() -> current.onFailed("call ended before the transfer completed"));
        }
    }
}
