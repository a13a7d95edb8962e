package io.sayline.core.bot;

import java.util.Map;
import java.util.function.Supplier;

/** The built-in bots by name, as routes name them ({@code bot: "builtin:demo"}). */
public final class BuiltinBots {
    /** Route prefix for built-in bots. */
    public static final String SCHEME = "builtin:";

    private BuiltinBots() {
    }

    /** Every built-in bot: a fresh instance per connection. */
    public static Map<String, Supplier<BuiltinBot>> all() {
        return Map.of(DemoBot.NAME, DemoBot::new, WarmUpBot.NAME, WarmUpBot::new);
    }
}
