package io.sayline.core;

import ch.qos.logback.classic.LoggerContext;
import io.netty.util.ResourceLeakDetector;
import io.sayline.config.CommandLine;
import io.sayline.config.ConfigException;
import io.sayline.config.SaylineConfig;
import io.sayline.core.server.SaylineServer;
import java.time.Duration;
import java.util.List;
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
    /** The system properties Netty reads its leak detection level from: the current name and the older one. */
    static final List<String> LEAK_DETECTION_PROPERTIES = List.of("io.netty.leakDetection.level",
            "io.netty.leakDetectionLevel");

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
        disableLeakDetectionUnlessConfigured();
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

    /**
     * Netty's default leak detection tracks one buffer in 128 by wrapping it in a buffer of another class. Among a
     * thousand calls' buffers those few wrapped ones are a second receiver class on the send path, which the JIT
     * had compiled for one during the warm-up: both pacing loops lost that compiled code in the middle of the
     * ramp (JFR, 1,000 calls: 17 class-check deoptimisations of RtpSession.send and Netty's datagram write on
     * the loops within 1.4 s; none with detection off; docs/performance.md) and ran it in the interpreter until
     * it was compiled again. So the server runs without it; {@code -Dio.netty.leakDetection.level=simple} (or
     * {@code paranoid}, as the soak run does) turns it back on to look for a leak.
     *
     * @return true when this turned it off
     */
    static boolean disableLeakDetectionUnlessConfigured() {
        if (LEAK_DETECTION_PROPERTIES.stream().anyMatch(name -> System.getProperty(name) != null)) {
            return false;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        return true;
    }

    /** Lines wait in logback.xml's queue: write them out before the JVM halts. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
