package io.sayline.sip.dialog;

import io.sayline.sip.SipCallListener;
import io.sayline.sip.sdp.OfferAnswer;
import io.sayline.sip.stack.SipMessages;
import java.util.concurrent.ScheduledExecutorService;

/** What every call of one server shares. */
public record CallContext(
        SipMessages messages,
        SipCallListener listener,
        OfferAnswer offerAnswer,
        ScheduledExecutorService timers,
        DialogTimeouts timeouts,
        CallRegistry registry) {
}
