package io.sayline.config;

import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's command line (docs/architecture.md, "Run contract"). Flags override the file; the file
 * overrides the built-in defaults.
 */
public final class CommandLine {
    public static final String USAGE = "usage: java -jar sayline.jar [--config FILE] [--sip-port N] [--rtp-ports LO-HI]"
            + " [--http-port N] [--bot URL] [--tts NAME] [--bind ADDR]";

    private final Path configFile;
    private final List<ConfigLoader.Override> overrides;
    private final boolean help;

    private CommandLine(Path configFile, List<ConfigLoader.Override> overrides, boolean help) {
        this.configFile = configFile;
        this.overrides = List.copyOf(overrides);
        this.help = help;
    }

    /** Parses the arguments; a bad flag is a {@link ConfigException} naming it. */
    public static CommandLine parse(String... args) {
        Path file = null;
        List<ConfigLoader.Override> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new CommandLine(null, List.of(), true);
            }
            String value = flag.contains("=") ? flag.substring(flag.indexOf('=') + 1) : null;
            String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new ConfigException(name, "needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--config" -> file = Path.of(value);
                case "--sip-port" -> overrides.add(ConfigLoader.Override.set("sip.port", IntNode.valueOf(number(name, value))));
                case "--http-port" -> overrides.add(ConfigLoader.Override.set("http.port", IntNode.valueOf(number(name, value))));
                case "--rtp-ports" -> overrides.add(ConfigLoader.Override.set("rtp.portRange", value));
                case "--bind" -> overrides.add(ConfigLoader.Override.set("sip.bind", value));
                case "--bot" -> overrides.add(ConfigLoader.Override.everyRoute("bot", value));
                case "--tts" -> overrides.add(ConfigLoader.Override.everyRoute("tts", value));
                default -> throw new ConfigException(name, "unknown flag (" + USAGE + ")");
            }
        }
        return new CommandLine(file, overrides, false);
    }

    public boolean helpRequested() {
        return help;
    }

    /** Loads and validates the configuration these flags describe. */
    public SaylineConfig load(Map<String, String> env) {
        return ConfigLoader.load(configFile, env, overrides);
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(flag, "'" + value + "' is not a number");
        }
    }
}
