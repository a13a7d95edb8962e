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
        /** The end of SIPp's output, where its statistics and errors are, for an assertion message. */
        public String tail() {
            return output.length() > 3000 ? output.substring(output.length() - 3000) : output;
        }
    }

    /** Runs SIPp to completion (bounded by {@code timeoutSeconds}) and returns its exit code and output. */
    public static Result run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of(args));
        command.addAll(List.of("-nostdin", "-timeout", timeoutSeconds + "s", "-timeout_error"));
        Path log = workDir.resolve("sipp.out");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds + 15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("SIPp did not finish within " + (timeoutSeconds + 15) + " s");
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
