package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What {@code load} and {@code soak} share: their common options (a picocli mixin: which Sayline jar to run, with
 * which JVM options, where the output goes, whether to skip the HTML report) and how a run becomes an exit code.
 */
final class RunOptions {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    /** A whole run: true when it passed. */
    @FunctionalInterface
    interface Run {
        boolean passed() throws Exception;
    }

    @Option(names = "--jar", defaultValue = "core/target/sayline.jar", paramLabel = "PATH", description = "Sayline jar (default ${DEFAULT-VALUE})")
    Path jar;

    @Option(names = "--jvm-opts", paramLabel = "\"OPTS\"",
            description = "the server JVM's options (SAYLINE_JVM_OPTS); default: Sayline's own. A GC log is added")
    String jvmOpts;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: a new /tmp/sayline-${COMMAND-NAME}.*)")
    Path out;

    @Option(names = "--smoke", description = "no HTML report (for tests)")
    boolean smoke;

    /** Parses into {@code command}; {@code --mode HTTP} and {@code --mode http} alike. */
    static CommandLine commandLine(Object command) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * Runs it with quiet logging: exit code 0 when it passed, 1 when it did not, 2 when something it needs is
     * missing (a usage-class error, said on stderr).
     */
    static int exitCode(CommandSpec spec, Run run) throws Exception {
        quietLogging();
        try {
            return run.passed() ? EXIT_OK : EXIT_FAILED;
        } catch (LoadRun.SetupException e) {
            spec.commandLine().getErr().println(spec.name() + ": " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
    }

    /** A check picocli's types cannot make; a failure is a usage error (exit code 2). */
    static void check(CommandSpec spec, boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /**
     * The bot server's per-connection INFO lines would bury the progress; warnings and errors still show.
     * Only for the command: a test running {@link LoadRun} in a shared JVM keeps its logging as it is.
     */
    private static void quietLogging() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    /** {@code --out}, created if needed, or a new directory {@code /tmp/sayline-COMMAND.*}. */
    Path outDir(String command) throws IOException {
        return out != null ? Files.createDirectories(out) : Files.createTempDirectory("sayline-" + command + ".");
    }

    /** Why {@code --jar} cannot run, or null when it can. */
    String jarProblem() {
        return jar.toFile().isFile() ? null : "--jar: " + jar + " not found (build it: mvn -q -DskipTests package)";
    }
}
