package io.sayline.tools.bots;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --port N [--bind ADDR]} plus a bot's own flags, each {@code --name value}. */
record BotServerOptions(int port, String bind, Map<String, String> extra) {
    static final String DEFAULT_BIND = "127.0.0.1";

    /**
     * @param extraFlags the bot's own flag names, without {@code --}
     * @throws IllegalArgumentException naming the flag that is unknown, lacks a value or is no port
     */
    static BotServerOptions parse(String[] args, int defaultPort, Set<String> extraFlags) {
        int port = defaultPort;
        String bind = DEFAULT_BIND;
        Map<String, String> extra = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + ": expected --flag value");
            }
            String name = flag.substring(2);
            String value = args[++i];
            if (name.equals("port")) {
                port = port(value);
            } else if (name.equals("bind")) {
                bind = value;
            } else if (extraFlags.contains(name)) {
                extra.put(name, value);
            } else {
                throw new IllegalArgumentException(flag + ": unknown flag");
            }
        }
        return new BotServerOptions(port, bind, Map.copyOf(extra));
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the flag's name, like an out-of-range number
        }
        throw new IllegalArgumentException("--port: must be 0..65535, was '" + value + "'");
    }
}
