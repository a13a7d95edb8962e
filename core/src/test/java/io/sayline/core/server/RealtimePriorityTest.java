package io.sayline.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Needs permission to use SCHED_FIFO: CI and the sandbox run as root. */
class RealtimePriorityTest {
    /** {@code SCHED_FIFO} in {@code sched.h}, as /proc/TID/stat reports a thread's policy. */
    private static final int SCHED_FIFO = 1;
    private static final int SCHED_OTHER = 0;

    @Test
    void threadsOfTheFactoryRunUnderSchedFifo() throws Exception {
        CompletableFuture<Integer> policy = new CompletableFuture<>();
        ThreadFactory factory = RealtimePriority.threadFactory(Thread::new, 10);
        Thread thread = factory.newThread(() -> policy.complete(currentPolicy()));
        thread.start();
        assertEquals(SCHED_FIFO, policy.get());
    }

    @Test
    void threadsThatARealTimeThreadStartsBeginAtNormalPriority() throws Exception {
        CompletableFuture<Integer> childPolicy = new CompletableFuture<>();
        ThreadFactory factory = RealtimePriority.threadFactory(Thread::new, 10);
        Thread parent = factory.newThread(() -> {
            Thread child = new Thread(() -> childPolicy.complete(currentPolicy()));
            child.start();
        });
        parent.start();
        assertEquals(SCHED_OTHER, childPolicy.get(), "a thread started by a pacing loop must not inherit SCHED_FIFO");
    }

    @Test
    void priorityZeroLeavesTheFactoryAlone() {
        ThreadFactory factory = Thread::new;
        assertSame(factory, RealtimePriority.threadFactory(factory, 0));
    }

    @Test
    void aRefusedChangeSaysWhyAndLeavesTheThreadAsItWas() throws Exception {
        CompletableFuture<Optional<String>> failure = new CompletableFuture<>();
        CompletableFuture<Integer> policy = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            failure.complete(RealtimePriority.applyToCurrentThread(100)); // SCHED_FIFO priorities end at 99
            policy.complete(currentPolicy());
        });
        thread.start();
        assertTrue(failure.get().orElseThrow().contains("100"), failure.get().orElseThrow());
        assertEquals(SCHED_OTHER, policy.get());
    }

    @Test
    void theVmThreadAndTheGcWorkersGoOneStepAboveTheLoops() throws Exception {
        List<String> moved = RealtimePriority.applyToJvmThreads(10);
        assertTrue(moved.contains("VM Thread"), "moved: " + moved);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            Path vmThread = tasks.filter(task -> comm(task).equals("VM Thread")).findFirst().orElseThrow();
            String[] fields = fields(vmThread.resolve("stat"));
            assertEquals(SCHED_FIFO, Integer.parseInt(fields[41 - 3]), "policy");
            assertEquals(11, Integer.parseInt(fields[40 - 3]), "real-time priority");
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Field 41 of /proc/thread-self/stat, counted after the parenthesised thread name. */
    private static int currentPolicy() {
        return Integer.parseInt(fields(Path.of("/proc/thread-self/stat"))[41 - 3]);
    }

    /** The fields of a /proc stat file after the parenthesised thread name (field 3 onwards). */
    private static String[] fields(Path stat) {
        try {
            String text = Files.readString(stat);
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
