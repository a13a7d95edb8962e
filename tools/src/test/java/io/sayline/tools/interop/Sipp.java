package io.sayline.tools.interop;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sayline.tools.sipp.SippFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SIPp (Debian package sip-tester) as a real peer. Under {@code CI=true} a missing SIPp fails the test,
 * so CI cannot pass by skipping the interop checks; elsewhere the test is skipped with a reason.
 */
public final class Sipp {
    private Sipp() {
    }

    public static String binary() {
        return required(SippFiles.binary(), "SIPp is not installed (apt-get install sip-tester; .ci/run does this)");
    }

    /** The tool if present; else fails under {@code CI=true} and skips the test elsewhere, with {@code message}. */
    public static String required(Optional<String> tool, String message) {
        if (tool.isPresent()) {
            return tool.get();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
        return null;
    }

    /** Copies a scenario shipped in the tools jar to a file SIPp can read. */
    public static Path scenario(String name, Path dir) throws IOException {
        return SippFiles.scenario(name, dir);
    }

    public record Result(int exitCode, String output) {
        private static final Pattern SUCCESSFUL = Pattern.compile("Successful call\\s+\\|\\s+\\d+\\s+\\|\\s+(\\d+)");
        private static final Pattern FAILED = Pattern.compile("Failed call\\s+\\|\\s+\\d+\\s+\\|\\s+(\\d+)");

        /** The end of SIPp's output, where its statistics and errors are, for an assertion message. */
        public String tail() {
            return output.length() > 3000 ? output.substring(output.length() - 3000) : output;
        }

        /** Calls that completed their scenario, from SIPp's final statistics (-1 when it printed none). */
        public int successfulCalls() {
            return cumulative(SUCCESSFUL);
        }

        /** Calls that failed, from SIPp's final statistics (-1 when it printed none). */
        public int failedCalls() {
            return cumulative(FAILED);
        }

        private int cumulative(Pattern pattern) {
            Matcher matcher = pattern.matcher(output);
            int last = -1;
            while (matcher.find()) {
                last = Integer.parseInt(matcher.group(1)); // the final statistics screen comes last
            }
            return last;
        }
    }

    /** Runs SIPp to completion (bounded by {@code timeoutSeconds}) and returns its exit code and output. */
    public static Result run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return start(workDir, "sipp.out", timeoutSeconds, args).await();
    }

    /** SIPp started in the background, its output going to {@code logName} in {@code workDir}. */
    public static Running start(Path workDir, String logName, long timeoutSeconds, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of(args));
        command.addAll(List.of("-nostdin", "-timeout", timeoutSeconds + "s", "-timeout_error"));
        Path log = workDir.resolve(logName);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Running(process, log, timeoutSeconds);
    }

    /** A SIPp run in progress. */
    public record Running(Process process, Path log, long timeoutSeconds) {
        /** Waits for SIPp to end on its own (its -timeout, plus a margin) and returns its result. */
        public Result await() throws IOException, InterruptedException {
            if (!process.waitFor(timeoutSeconds + 15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("SIPp did not finish within " + (timeoutSeconds + 15) + " s");
            }
            return new Result(process.exitValue(), Files.readString(log));
        }
    }
}
