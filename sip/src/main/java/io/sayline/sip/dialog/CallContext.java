package io.sayline.sip.dialog;

import io.sayline.sip.SipCallListener;
import io.sayline.sip.sdp.OfferAnswer;
import io.sayline.sip.stack.SipMessages;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every call of one server shares.
 *
 * @param answerTimeout how long the application may leave an INVITE unanswered (RFC 3261 Timer C is
 *                      3 minutes for proxies; callers give up at 64·T1 = 32 s, so waiting longer is useless)
 */
public record CallContext(
        SipMessages messages,
        SipCallListener listener,
        OfferAnswer offerAnswer,
        ScheduledExecutorService timers,
        Duration answerTimeout,
        CallRegistry registry) {

    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(32);
}
