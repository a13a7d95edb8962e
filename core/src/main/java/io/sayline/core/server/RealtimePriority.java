package io.sayline.core.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a thread under the real-time {@code SCHED_FIFO} policy, the way telephony media servers run their media
 * threads (Asterisk's {@code -p}, FreeSWITCH's {@code -rp}).
 *
 * <p>Why: on two cores the pacing loops share the CPUs with synthesis, SIP parsing and the JIT compilers. With
 * 20 SIPp calls arriving at once, {@code perf sched} showed a woken call loop waiting 10-14 ms for a CPU, and
 * the capture showed those waits as |interval - 20 ms| outliers while calls were set up and torn down. With
 * the loops at {@code SCHED_FIFO} they preempt that work at once and the outliers went away. A loop sleeps
 * between ticks, so it does not starve the rest (and the kernel keeps a share of each CPU for normal threads
 * in any case).
 *
 * <p>Java has no API for a scheduling policy, and a native library for one system call would be the build's
 * only native code, so this runs util-linux's {@code chrt} on the thread's own id, once per thread when it
 * starts. Without the permission ({@code CAP_SYS_NICE}) or without {@code chrt}, the thread keeps the normal
 * scheduler and the reason is logged once.
 */
final class RealtimePriority {
    private static final Logger log = LoggerFactory.getLogger(RealtimePriority.class);
    private static final long CHRT_TIMEOUT_SECONDS = 5;
    private static final int MAX_FIFO_PRIORITY = 99;

    private RealtimePriority() {
    }

    /**
     * A factory whose threads move themselves to {@code SCHED_FIFO} at {@code priority} before running their
     * task; {@code priority} 0 returns {@code delegate} unchanged.
     */
    static ThreadFactory threadFactory(ThreadFactory delegate, int priority) {
        if (priority == 0) {
            return delegate;
        }
        AtomicBoolean warned = new AtomicBoolean();
        return task -> delegate.newThread(() -> {
            Optional<String> failure = applyToCurrentThread(priority);
            if (failure.isEmpty()) {
                log.info("{} runs under SCHED_FIFO priority {}", Thread.currentThread().getName(), priority);
            } else if (warned.compareAndSet(false, true)) {
                log.warn("{} keeps the normal scheduler ({}): pacing jitter grows when the cores are busy; grant"
                        + " CAP_SYS_NICE, or set rtp.realtimePriority: 0 to stop trying",
                        Thread.currentThread().getName(), failure.get());
            }
            task.run();
        });
    }

    /**
     * Puts the JVM's safepoint and stop-the-world threads — the VM thread and the parallel GC workers ("GC
     * Thread#N") — under {@code SCHED_FIFO} one step above the pacing loops ({@code loopPriority} + 1).
     *
     * <p>Why: a pacing loop sometimes needs the VM thread before it can go on. After the JIT replaces code, calls
     * through stale inline caches take the runtime's slow path until a safepoint cleans the caches; measured in
     * the 200-call load runs with {@code perf}, both loops then ran 0.9 s in {@code
     * SharedRuntime::handle_wrong_method} and {@code reresolve_call_site} without sending a frame, while the VM
     * thread, at normal priority, got no CPU from them until the kernel's real-time throttling stopped them; the
     * cleanup safepoint came the moment it did. Above the loops, the VM thread runs as soon as it is woken. The GC
     * workers run only while every Java thread is stopped, loops included; above everything else, a young
     * collection takes its own time, not the harness's. The JIT compilers stay at normal priority: a compilation
     * may take a second, and the loops must not wait for it. That leaves one known episode: while the first calls
     * run new code (the multi-context WebSocket path at start), the loops can still spend up to a second in the
     * same slow paths until the compilers catch up (docs/performance.md). Threads the JVM starts later are not
     * moved, hence {@code -XX:-UseDynamicNumberOfGCThreads} in the default options (Launcher).
     *
     * @return the names of the threads moved
     */
    static List<String> applyToJvmThreads(int loopPriority) {
        int priority = Math.min(loopPriority + 1, MAX_FIFO_PRIORITY);
        List<String> moved = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name = Files.readString(task.resolve("comm")).strip();
                if (name.equals("VM Thread") || name.startsWith("GC Thread#")) {
                    Optional<String> failure = chrt(priority, task.getFileName().toString());
                    if (failure.isPresent()) {
                        log.warn("{} keeps the normal scheduler ({}): a pacing loop may wait for it", name,
                                failure.get());
                    } else {
                        moved.add(name);
                    }
                }
            }
        } catch (IOException e) {
            log.warn("cannot list this process's threads ({}): the VM and GC threads keep the normal scheduler",
                    e.getMessage());
        }
        if (!moved.isEmpty()) {
            log.info("{} run under SCHED_FIFO priority {}, above the pacing loops", moved, priority);
        }
        return moved;
    }

    /** Moves the calling thread to {@code SCHED_FIFO} at {@code priority}; empty on success, else why not. */
    static Optional<String> applyToCurrentThread(int priority) {
        try {
            return chrt(priority, currentThreadId());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Runs {@code chrt} on thread {@code tid}; empty on success, else why not. */
    private static Optional<String> chrt(int priority, String tid) {
        try {
            // --reset-on-fork: threads this one starts begin at normal priority. Linux threads inherit their
            // creator's policy, and Netty starts its threads on first use, from whoever gets there first: a
            // pacing loop handing work to tts-io made every tts-io thread (and OkHttp's, when the vendor clients
            // used it) SCHED_FIFO too (seen with perf sched_switch), and those then starved the rest and each other.
            Process chrt = new ProcessBuilder("chrt", "--reset-on-fork", "--fifo", "--pid", Integer.toString(priority),
                    tid)
                    .redirectErrorStream(true).start();
            String output = new String(chrt.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!chrt.waitFor(CHRT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                chrt.destroyForcibly();
                return Optional.of("chrt did not finish");
            }
            return chrt.exitValue() == 0 ? Optional.empty()
                    : Optional.of(output.isEmpty() ? "chrt exited " + chrt.exitValue() : output);
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The kernel's id of the calling thread: {@code /proc/thread-self} links to {@code /proc/PID/task/TID}. */
    static String currentThreadId() throws IOException {
        return Path.of("/proc/thread-self").toRealPath().getFileName().toString();
    }
}
