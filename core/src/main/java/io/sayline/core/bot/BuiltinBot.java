package io.sayline.core.bot;

import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.ListenFrame;

/**
 * A bot that ships with Sayline. It is reached over a real loopback WebSocket ({@code /bots/NAME} on the
 * HTTP port), so a call to {@code builtin:NAME} runs the same control channel code as an external bot.
 * One instance per connection; all calls come from that connection's event loop.
 */
public interface BuiltinBot {

    /** An event from Sayline; {@code context} is the same for every call on one connection. */
    void onEvent(Event event, BotContext context);

    /** One frame of the caller's audio, after the bot's {@code listen} (protocol v1.1). */
    default void onAudio(ListenFrame frame, BotContext context) {
    }

    /** The connection closed; timers are already cancelled. */
    default void onClosed() {
    }
}
