package io.sayline.core.call;

import java.net.URI;

/**
 * Where a route's bot is reached. Built-in bots ({@code builtin:demo}) are served by Sayline's own HTTP
 * server on {@code /bots/NAME} and reached over a real loopback WebSocket, so they exercise exactly the
 * code path of an external bot.
 */
final class BotAddress {
    private static final String BUILTIN = "builtin:";

    private BotAddress() {
    }

    static URI resolve(String bot, int httpPort) {
        if (bot.startsWith(BUILTIN)) {
            return URI.create("ws://127.0.0.1:" + httpPort + "/bots/" + bot.substring(BUILTIN.length()));
        }
        return URI.create(bot);
    }
}
