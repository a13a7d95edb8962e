package io.sayline.core.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The log queue (logback.xml): lines go into a bounded queue that one thread writes out to the attached appender
 * (the console), so that no logger waits for a slow disk or pipe.
 *
 * <p>Who may wait depends on who logs. The event loops, which pace every call's audio, never do: a line that
 * finds fewer than {@link #RESERVED} free places is dropped and counted ({@code sayline_log_dropped_total}).
 * Every other thread keeps every line and waits for a place when the queue is full.
 *
 * <p>Why not logback's {@code AsyncAppender}, which this replaced: its queue is an {@code ArrayBlockingQueue}, one
 * lock for every thread that logs and for the writer. A call loop logging a call's start waited on it for 70 ms
 * while the holder, a normal thread, waited for a CPU that the saturated machine's real-time loops kept: every
 * stream of that loop stalled as long (JFR execution samples of a 1,000-call run, docs/performance.md). Here
 * nothing a loop touches is a lock: a lock-free queue, a counter claimed by compare-and-set, and no wake-up of the
 * writer, which looks again every {@link #IDLE_PARK_MILLIS} ms by itself (normal threads wake it at once).
 */
public final class LoopSafeAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {
    static final int DEFAULT_QUEUE_SIZE = 8192;
    static final int RESERVED = 256;
    /** The longest a loop's line waits in the queue before the writer looks. */
    static final long IDLE_PARK_MILLIS = 20;
    /** How often a normal thread that found the queue full tries again. */
    private static final long FULL_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** At stop, how long the writer may take to write out what is queued. */
    static final long FLUSH_MILLIS = 1000;
    private static final ThreadLocal<Boolean> MUST_NOT_WAIT = ThreadLocal.withInitial(() -> false);
    private static final LongAdder DROPPED = new LongAdder();

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    /** Places taken in {@link #queue}: claimed before an offer, given back after a poll. */
    private final AtomicInteger taken = new AtomicInteger();
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private volatile boolean stopping;
    private Thread writer;

    /** From now on the calling thread drops its log lines rather than wait for the queue. */
    public static void markCurrentThreadMustNotWait() {
        MUST_NOT_WAIT.set(true);
    }

    /** Lines the event loops dropped because the queue was (nearly) full, process-wide. */
    public static long dropped() {
        return DROPPED.sum();
    }

    /** The queue's places; set from logback.xml's {@code queueSize}, before {@link #start()}. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** Lines queued and not yet written out. */
    public int queued() {
        return taken.get();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (queueSize <= RESERVED) {
            addError("queueSize must be more than " + RESERVED + ", was " + queueSize);
            return;
        }
        if (!appenders.iteratorForAppenders().hasNext()) {
            addError("no appender to write to for [" + name + "]");
            return;
        }
        stopping = false;
        writer = new Thread(this::writeOut, "log-writer-" + name);
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing(); // message, thread name and MDC, taken now on the logging thread
        if (MUST_NOT_WAIT.get()) {
            if (claim(queueSize - RESERVED)) {
                queue.offer(event);
            } else {
                DROPPED.increment();
            }
            return;
        }
        while (!claim(queueSize)) {
            if (!isStarted()) {
                return;
            }
            LockSupport.unpark(writer);
            LockSupport.parkNanos(this, FULL_RETRY_NANOS);
        }
        queue.offer(event);
        LockSupport.unpark(writer);
    }

    /** Takes a place if fewer than {@code limit} are taken. */
    private boolean claim(int limit) {
        int now;
        do {
            now = taken.get();
            if (now >= limit) {
                return false;
            }
        } while (!taken.compareAndSet(now, now + 1));
        return true;
    }

    /** The writer thread: writes out lines as they come; at stop, what is left, then stops the console. */
    private void writeOut() {
        while (true) {
            ILoggingEvent event = queue.poll();
            if (event != null) {
                taken.decrementAndGet();
                appenders.appendLoopOnAppenders(event);
            } else if (stopping) {
                break;
            } else {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(IDLE_PARK_MILLIS));
            }
        }
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(FLUSH_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("log writer still writing after " + FLUSH_MILLIS + " ms; " + queued() + " line(s) left");
        }
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
