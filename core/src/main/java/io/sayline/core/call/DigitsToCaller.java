package io.sayline.core.call;

import io.netty.channel.EventLoop;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.ProtocolErrorCode;
import io.sayline.rtp.session.RtpSession;
import java.util.function.Consumer;

/**
 * The bot's {@code dtmf} command: digits go to the caller as RFC 4733 events once media runs, and are held
 * back, up to a bound, until the caller's ACK starts it. A refusal reaches the bot as an {@code error} event.
 *
 * <p>Threading: on the call loop.
 */
final class DigitsToCaller {
    static final int MAX_HELD = 4 * Command.Dtmf.MAX_DIGITS;

    private final EventLoop loop;
    private final Consumer<Event> toBot;
    private final StringBuilder held = new StringBuilder();
    private RtpSession media; // null until the caller's media started

    DigitsToCaller(EventLoop loop, Consumer<Event> toBot) {
        this.loop = loop;
        this.toBot = toBot;
    }

    void send(String digits) {
        if (media == null) {
            if (held.length() + digits.length() > MAX_HELD) {
                refuse("more than " + MAX_HELD + " digits before the caller's media started: digits not sent");
            } else {
                held.append(digits);
            }
            return;
        }
        media.sendDigits(digits).thenAccept(sent -> {
            if (!sent) {
                loop.execute(() -> refuse("the caller did not negotiate telephone-event: digits not sent"));
            }
        });
    }

    /** The caller's media runs on {@code session}: the digits held back go now. */
    void mediaStarted(RtpSession session) {
        media = session;
        if (held.length() > 0) {
            send(held.toString());
            held.setLength(0);
        }
    }

    private void refuse(String why) {
        toBot.accept(Event.Error.of(ProtocolErrorCode.INVALID_VALUE, why, Command.Dtmf.TYPE));
    }
}
