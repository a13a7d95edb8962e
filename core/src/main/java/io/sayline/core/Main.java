package io.sayline.core;

import ch.qos.logback.classic.LoggerContext;
import io.sayline.config.CommandLine;
import io.sayline.config.ConfigException;
import io.sayline.config.SaylineConfig;
import io.sayline.core.server.SaylineServer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar sayline.jar [--config FILE] [--sip-port N] [--rtp-ports LO-HI] [--http-port N] [--bot URL]
 * [--tts NAME] [--bind ADDR]}.
 *
 * <p>Exit codes: 2 for an invalid configuration or flag (one line naming the key), 1 when the server cannot
 * start (a port in use), 0 after SIGTERM has drained every call. From a jar it first re-executes itself
 * with tuned JVM options ({@link Launcher}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Optional<java.util.List<String>> child = Launcher.childCommand(args);
        if (child.isPresent()) {
            System.exit(Launcher.run(child.get()));
            return;
        }
        Launcher.exitWithTheLauncher();
        final SaylineConfig config;
        try {
            CommandLine commandLine = CommandLine.parse(args);
            if (commandLine.helpRequested()) {
                System.out.println(CommandLine.USAGE);
                return;
            }
            config = commandLine.load(System.getenv());
        } catch (ConfigException e) {
            System.err.println("sayline: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        SaylineServer server;
        try {
            server = SaylineServer.start(config);
        } catch (Exception e) {
            log.error("sayline: cannot start: {}", e.getMessage() == null ? e.toString() : e.getMessage());
            flushLogs();
            // JAIN SIP's non-daemon threads would keep a half-started JVM alive (docs/dependencies.md, "JAIN SIP RI").
            Runtime.getRuntime().halt(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.drain(Duration.ofSeconds(config.drain().deadlineSeconds()));
            server.close();
            log.info("sayline stopped");
            flushLogs();
            // A JVM ended by SIGTERM exits 143; a completed drain is a clean stop (run contract).
            Runtime.getRuntime().halt(0);
        }, "sayline-drain"));
    }

    /** Lines wait in logback.xml's queue: write them out before the JVM halts. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
