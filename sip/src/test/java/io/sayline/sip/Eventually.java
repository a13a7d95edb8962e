package io.sayline.sip;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition another thread makes true (a counter the stack's reader thread increments), polling
 * every 10 ms, instead of sleeping a fixed time. The sip module's tests cannot use core's test helpers.
 */
final class Eventually {
    private Eventually() {
    }

    /** Returns once {@code condition} holds, or when {@code timeout} has passed: the caller asserts after it. */
    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
