package io.sayline.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
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

    /** Field 41 of /proc/thread-self/stat, counted after the parenthesised thread name. */
    private static int currentPolicy() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[41 - 3]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
