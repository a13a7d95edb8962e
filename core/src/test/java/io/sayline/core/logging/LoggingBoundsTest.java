package io.sayline.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoggingBoundsTest {
    private final LoggerContext context = new LoggerContext();

    LoggingBoundsTest() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what a configured context has; events copy the MDC
    }

    @Test
    void anEventLoopDropsAndCountsItsLineWhenTheQueueIsNearlyFullWhileOtherThreadsStillQueue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Stuck stuck = new Stuck(release);
        LoopSafeAsyncAppender queue = new LoopSafeAsyncAppender();
        queue.setContext(context);
        queue.setQueueSize(LoopSafeAsyncAppender.RESERVED + 20);
        queue.addAppender(stuck);
        queue.start();
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            queue.doAppend(event("the line the writer is stuck on"));
            assertTrue(stuck.entered.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 40; i++) {
                queue.doAppend(event("from a normal thread " + i));
            }
            assertEquals(40, queue.queued(), "all but the line being written");
            long before = LoopSafeAsyncAppender.dropped();
            loop.submit(() -> {
                LoopSafeAsyncAppender.markCurrentThreadMustNotWait();
                queue.doAppend(event("from an event loop"));
            }).get(5, TimeUnit.SECONDS); // returns: it did not wait for the stuck writer
            assertEquals(before + 1, LoopSafeAsyncAppender.dropped());
            queue.doAppend(event("a normal thread still gets a place"));
            assertEquals(41, queue.queued());
        } finally {
            release.countDown();
            loop.shutdownNow();
            queue.stop();
        }
        assertEquals(42, stuck.written, "every line of the other threads was written");
    }

    @Test
    void aNormalThreadWaitsForAPlaceWhenTheQueueIsFullAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Stuck stuck = new Stuck(release);
        LoopSafeAsyncAppender queue = started(LoopSafeAsyncAppender.RESERVED + 1, stuck);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            queue.doAppend(event("the line the writer is stuck on"));
            assertTrue(stuck.entered.await(5, TimeUnit.SECONDS));
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        queue.doAppend(event("line " + i));
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (queue.queued() < LoopSafeAsyncAppender.RESERVED + 1 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(LoopSafeAsyncAppender.RESERVED + 1, queue.queued(), "full, not past full");
            assertFalse(done.stream().allMatch(Future::isDone), "the writers wait for places");
            release.countDown();
            for (Future<?> each : done) {
                each.get(10, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            writers.shutdownNow();
            queue.stop();
        }
        assertEquals(1 + 4 * 500, stuck.written, "every line written, the queue written out at stop");
    }

    @Test
    void stopWritesOutWhatIsQueued() {
        Stuck console = new Stuck(new CountDownLatch(0));
        LoopSafeAsyncAppender queue = started(LoopSafeAsyncAppender.DEFAULT_QUEUE_SIZE, console);
        for (int i = 0; i < 1000; i++) {
            queue.doAppend(event("line " + i));
        }
        queue.stop();
        assertEquals(1000, console.written);
        assertFalse(console.isStarted(), "the console is stopped after the queue was written out");
    }

    @Test
    void aQueueWithoutRoomBeyondTheLoopsReserveDoesNotStart() {
        LoopSafeAsyncAppender queue = new LoopSafeAsyncAppender();
        queue.setContext(context);
        queue.setQueueSize(LoopSafeAsyncAppender.RESERVED);
        queue.addAppender(new Stuck(new CountDownLatch(0)));
        queue.start();
        assertFalse(queue.isStarted());
    }

    private LoopSafeAsyncAppender started(int queueSize, Stuck console) {
        LoopSafeAsyncAppender queue = new LoopSafeAsyncAppender();
        queue.setContext(context);
        queue.setQueueSize(queueSize);
        queue.addAppender(console);
        queue.start();
        return queue;
    }

    @Test
    void tenWarningsOfOneKindAMinutePassAndTheRestAreCounted() {
        RepeatedWarningFilter filter = new RepeatedWarningFilter();
        ch.qos.logback.classic.Logger logger = context.getLogger("peer");
        long before = RepeatedWarningFilter.suppressed();
        for (int i = 0; i < RepeatedWarningFilter.PER_WINDOW; i++) {
            assertEquals(FilterReply.NEUTRAL, filter.decide(null, logger, Level.WARN, "bad packet from {}", null, null));
        }
        assertEquals(FilterReply.DENY, filter.decide(null, logger, Level.WARN, "bad packet from {}", null, null));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, logger, Level.WARN, "another kind", null, null));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, logger, Level.INFO, "bad packet from {}", null, null),
                "lines below WARN are never limited");
        assertEquals(before + 1, RepeatedWarningFilter.suppressed());
    }

    private ILoggingEvent event(String message) {
        return new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.INFO, message, null, null);
    }

    /** A console that hangs until released, as a blocked pipe would. */
    private final class Stuck extends AppenderBase<ILoggingEvent> {
        private final CountDownLatch release;
        private final CountDownLatch entered = new CountDownLatch(1);
        private volatile int written;

        Stuck(CountDownLatch release) {
            this.release = release;
            setContext(LoggingBoundsTest.this.context);
            start();
        }

        @Override
        protected void append(ILoggingEvent event) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written++;
        }
    }
}
