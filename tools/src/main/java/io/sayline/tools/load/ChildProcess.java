package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the load run started, its output kept in {@code OUT/NAME.log}. Every child is stopped when the run
 * ends, whatever the reason, so a failed run leaves no SIPp or server holding ports.
 */
final class ChildProcess implements AutoCloseable {
    private static final long STOP_GRACE_SECONDS = 10;

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Path outDir, Map<String, String> env)
            throws IOException {
        Path log = outDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(outDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        // a load run stopped by a signal (Ctrl-C, a timeout) must not leave SIPp, Sayline or the capture behind
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "load-stop-" + name));
        return new ChildProcess(name, process, log);
    }

    /**
     * Waits until the log has a line matching {@code pattern} and returns the match, or fails when the process
     * exits or {@code timeoutMs} passes first.
     */
    Matcher awaitLine(Pattern pattern, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(Files.readString(log));
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IOException(name + " was not ready within " + timeoutMs + " ms; see " + log);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; empty when it is still running after {@code timeoutMs}. */
    Optional<Integer> waitFor(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    /** SIGTERM (a capture flushes its file, the server drains), then SIGKILL if it does not end in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
