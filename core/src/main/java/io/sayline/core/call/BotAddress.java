package io.sayline.core.call;

import io.sayline.core.bot.BuiltinBots;
import java.net.URI;
import java.util.function.Function;

/**
 * Where a route's bot is reached. Built-in bots ({@code builtin:demo}) are served by Sayline's own HTTP
 * server on {@code /bots/NAME} and reached over a real loopback WebSocket, so they exercise exactly the
 * code path of an external bot.
 */
final class BotAddress {
    private BotAddress() {
    }

    static URI resolve(String bot, Function<String, URI> builtinBots) {
        return bot.startsWith(BuiltinBots.SCHEME)
                ? builtinBots.apply(bot.substring(BuiltinBots.SCHEME.length())) : URI.create(bot);
    }
}
