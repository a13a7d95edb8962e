package io.sayline.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for an event in a test that runs real sockets in real time: poll the condition until it holds or
 * the deadline passes. Tests wait for what they need to see, never for a fixed time (CONTRIBUTING.md).
 */
public final class Await {
    /** Short enough to add little to a test, long enough not to burn a core that the server needs. */
    private static final long POLL_MS = 5;

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails naming {@code what} if it does not within {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.sleep(POLL_MS);
        }
    }
}
