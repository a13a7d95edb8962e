package io.sayline.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Marker;

/**
 * At most {@link #PER_WINDOW} warnings (or errors) of one kind a minute, a kind being the logger and the message
 * pattern: a peer that repeats a fault a thousand times a second leaves ten lines a minute and a count
 * ({@code sayline_log_suppressed_total}), not a log that buries everything else and fills the queue. Lines below
 * WARN are never limited. Bounded: past {@link #MAX_KINDS} kinds in one minute, the table starts afresh.
 */
public final class RepeatedWarningFilter extends TurboFilter {
    static final int PER_WINDOW = 10;
    static final int MAX_KINDS = 1024;
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final LongAdder SUPPRESSED = new LongAdder();

    private final ConcurrentHashMap<String, Window> kinds = new ConcurrentHashMap<>();

    /** Warnings and errors suppressed as repeats, process-wide. */
    public static long suppressed() {
        return SUPPRESSED.sum();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || format == null) {
            return FilterReply.NEUTRAL;
        }
        if (kinds.size() > MAX_KINDS) {
            kinds.clear();
        }
        String kind = logger.getName() + '\u0000' + format;
        long now = System.nanoTime();
        Window window = kinds.get(kind);
        if (window == null) {
            Window fresh = new Window(now);
            Window raced = kinds.putIfAbsent(kind, fresh);
            window = raced == null ? fresh : raced;
        }
        if (window.allows(now)) {
            return FilterReply.NEUTRAL;
        }
        SUPPRESSED.increment();
        return FilterReply.DENY;
    }

    /**
     * One kind's count in its current minute. Lock-free: the event loops log warnings too, and a lock here would be
     * one they share with every other thread that warns of the same kind.
     */
    private static final class Window {
        /** When the current minute began, and how many warnings it has had. */
        private record Count(long start, int count) {
        }

        private final AtomicReference<Count> current;

        Window(long now) {
            current = new AtomicReference<>(new Count(now, 0));
        }

        boolean allows(long now) {
            Count next = current.updateAndGet(count -> now - count.start() >= WINDOW_NANOS
                    ? new Count(now, 1) : new Count(count.start(), count.count() + 1));
            return next.count() <= PER_WINDOW;
        }
    }
}
