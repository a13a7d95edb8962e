package io.sayline.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Starts the server in a JVM with the flags its pacing needs. GC settings can only be given on the
 * {@code java} command line, and the run contract is a plain {@code java -jar core/target/sayline.jar},
 * so the jar re-executes itself once with {@link #DEFAULT_JVM_OPTIONS} (the child inherits stdin, stdout
 * and stderr; SIGTERM is forwarded so calls still drain; the exit code is the child's).
 *
 * <p>It does not re-execute when the operator chose JVM options themselves ({@code java -Xmx2g -jar ...}),
 * when not running from a jar, or when {@code SAYLINE_JVM_OPTS} says otherwise: that variable replaces the
 * default options, and {@code SAYLINE_JVM_OPTS=none} runs in the current JVM as it is.
 */
public final class Launcher {
    /**
     * Chosen by measurement with SIPp and a packet capture: G1's default small heap on these machines
     * collected every 1-2 s during calls with 20-25 ms mixed pauses, each delaying every RTP stream at
     * once; with ParallelGC and a fixed 1 GB heap no collection happened during 20 four-second calls.
     * MetaspaceSize: the first Metaspace threshold otherwise forced a young plus a full collection
     * (18 + 55 ms) while the first calls were loading classes. Counted-loop safepoints (on by default with
     * G1, off with ParallelGC): without them a thread in a long compiled loop kept a safepoint waiting 46 ms
     * ("Reaching safepoint" in -Xlog:safepoint), and every loop that woke meanwhile waited with it.
     * No dynamic GC threads: every GC worker exists from the start, so the server can raise them above the
     * pacing loops with the VM thread (RealtimePriority.applyToJvmThreads).
     * Tenuring threshold 2: a call's own state lives as long as the call, and with ParallelGC's adaptive
     * threshold (up to 15) every young pause copied it between the survivor spaces again; at 1,000 talking
     * calls the pauses stayed at 15-25 ms until ~50 s into the run, with 2 until ~30 s, and the intervals'
     * p99.9 fell from 18 to 11-12 ms (docs/performance.md, "The capture in memory").
     * PerMethodTrapLimit=0: the optimising compiler compiles the branches a method has not taken yet instead of
     * a trap that throws the compiled code away when one is taken. The pacing loop's compiled code inlines ~9 KB
     * of the per-frame path, and a first-time branch anywhere in it (in the playout buffer, in the lateness
     * histogram) discarded it while a thousand calls arrived; both loops then spun in the JVM's
     * slow path for calls into the replaced code for 0.3-1 s with the compiler thread starved, every stream
     * stalled (JFR and perf, docs/performance.md, "No lock on the loops"). Without it, 5 of 14 such runs
     * had a stall over 200 ms; with it, 1 of 8 (the loops' deoptimisations in a run 29 -> 9), at no CPU cost
     * that those runs could show.
     * GuaranteedSafepointInterval=0 (a diagnostic option, hence UnlockDiagnosticVMOptions): no "Cleanup" safepoint
     * every second. At 1,000 talking calls the JVM stopped for one 42-51 times a minute, and half of them waited
     * over 2 ms (up to 67 ms) for a normal-priority thread that the saturated cores had not run yet to reach it,
     * while both loops, already stopped, sent nothing: 116-199 ms a minute of every stream stalled. Without them
     * the caches those safepoints cleaned are cleaned when the JVM's inline-cache buffer fills (3 such safepoints
     * a minute there) and at each collection (docs/performance.md, "Safepoints the loops wait for").
     * Public so that the load tool can start the server with these plus a GC log.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-XX:+UseParallelGC", "-Xms1g", "-Xmx1g", "-Xmn512m", "-XX:MetaspaceSize=256m", "-XX:+AlwaysPreTouch",
            "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000", "-XX:-UseDynamicNumberOfGCThreads",
            "-XX:MaxTenuringThreshold=2", "-XX:PerMethodTrapLimit=0", "-XX:+UnlockDiagnosticVMOptions",
            "-XX:GuaranteedSafepointInterval=0");
    static final String CHILD_PROPERTY = "sayline.launched";
    public static final String OPTIONS_VARIABLE = "SAYLINE_JVM_OPTS";

    private Launcher() {
    }

    /** The command to re-execute with, or empty when this JVM should run the server itself. */
    static Optional<List<String>> childCommand(String[] args) {
        String configured = System.getenv(OPTIONS_VARIABLE);
        if (System.getProperty(CHILD_PROPERTY) != null || "none".equals(configured)
                || !ManagementFactory.getRuntimeMXBean().getInputArguments().isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> jar = runningJar();
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(configured == null ? DEFAULT_JVM_OPTIONS : Arrays.asList(configured.trim().split("\\s+")));
        command.add("-D" + CHILD_PROPERTY + "=true");
        command.addAll(List.of("-cp", jar.get().toString(), Main.class.getName()));
        command.addAll(Arrays.asList(args));
        return Optional.of(command);
    }

    /** Runs the child to completion and returns its exit code; SIGTERM to this JVM is passed on. */
    static int run(List<String> command) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (child.isAlive()) {
                child.destroy(); // SIGTERM: the child drains its calls and exits 0
                try {
                    Runtime.getRuntime().halt(child.waitFor());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "sayline-launcher"));
        return child.waitFor();
    }

    /**
     * In the child: when the launcher dies without passing anything on ({@code kill -9}, the OOM killer), the
     * server dies with it, as the operator who killed "Sayline" meant. Otherwise an orphan would keep the
     * ports and the calls, invisible to the supervisor that believes the process gone and starts another.
     */
    static void exitWithTheLauncher() {
        if (System.getProperty(CHILD_PROPERTY) == null) {
            return;
        }
        ProcessHandle.current().parent().ifPresent(launcher -> launcher.onExit().thenRun(() -> {
            System.err.println("sayline: the launcher process is gone: stopping at once");
            Runtime.getRuntime().halt(1);
        }));
    }

    private static Optional<Path> runningJar() {
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar")
                    ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty(); // not a file URL: not a jar we can re-execute
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
