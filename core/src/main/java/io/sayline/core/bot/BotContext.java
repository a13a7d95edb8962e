package io.sayline.core.bot;

import io.sayline.core.control.protocol.Command;

import java.time.Duration;

/**
 * What a built-in bot may do: send commands to Sayline and set timers. Both run on the bot connection's
 * event loop, the same one that delivers its events, so a bot needs no locking.
 */
public interface BotContext {

    /** Sends {@code command} to Sayline; dropped once the connection is closed. */
    void send(Command command);

    /** Runs {@code task} after {@code delay} on the bot's loop, unless cancelled or the connection closed. */
    Scheduled schedule(Duration delay, Runnable task);

    /** A pending timer. */
    interface Scheduled {
        void cancel();
    }
}
