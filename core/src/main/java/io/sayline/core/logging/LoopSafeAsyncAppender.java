package io.sayline.core.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.concurrent.atomic.LongAdder;

/**
 * The log queue (logback.xml). Logback's {@link AsyncAppender} either makes a logger wait when its queue is full
 * or drops lines without a word. Here it depends on who logs: the event loops, which pace every call's audio,
 * drop a line rather than wait and count it ({@code sayline_log_dropped_total}); every other thread keeps every
 * line and waits when the queue is full. The loops give up while {@link #RESERVED} slots are still free, more than
 * there are loops, so they can never find the queue full and wait.
 */
public final class LoopSafeAsyncAppender extends AsyncAppender {
    static final int RESERVED = 256;
    private static final ThreadLocal<Boolean> MUST_NOT_WAIT = ThreadLocal.withInitial(() -> false);
    private static final LongAdder DROPPED = new LongAdder();

    /** From now on the calling thread drops its log lines rather than wait for the queue. */
    public static void markCurrentThreadMustNotWait() {
        MUST_NOT_WAIT.set(true);
    }

    /** Lines the event loops dropped because the queue was (nearly) full, process-wide. */
    public static long dropped() {
        return DROPPED.sum();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (MUST_NOT_WAIT.get() && getRemainingCapacity() <= RESERVED) {
            DROPPED.increment();
            return;
        }
        super.append(event);
    }
}
