package io.sayline.sip.dialog;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a call may wait on each side before it is ended.
 *
 * @param answer how long the application may leave an INVITE unanswered before we send 408 (RFC 3261 Timer C
 *               is 3 minutes for proxies; callers give up at 64·T1 = 32 s, so waiting longer is useless)
 * @param ack    how long our 2xx may go without its ACK before we end the dialog with BYE: 64·T1 = 32 s,
 *               the time the 2xx is retransmitted (RFC 3261 section 13.3.1.4)
 */
public record DialogTimeouts(Duration answer, Duration ack) {
    public static final DialogTimeouts DEFAULT = new DialogTimeouts(Duration.ofSeconds(32), Duration.ofSeconds(32));

    public DialogTimeouts {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(ack, "ack");
        if (answer.isNegative() || answer.isZero() || ack.isNegative() || ack.isZero()) {
            throw new IllegalArgumentException("dialog timeouts must be > 0, were answer " + answer + " ack " + ack);
        }
    }
}
