package io.sayline.core.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins per source address: after {@link #MAX_FAILURES} failures within {@link #WINDOW_NANOS}, that
 * source is refused (429) until the window has passed. Bounded to {@link #MAX_SOURCES} addresses, the least
 * recently seen forgotten first. Thread-safe.
 */
final class LoginLimiter {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_NANOS = 60_000_000_000L;
    static final int MAX_SOURCES = 4096;

    private record Window(long startNanos, int failures) {
    }

    private final Map<String, Window> bySource = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    synchronized boolean blocked(String source) {
        Window window = current(source);
        return window != null && window.failures() >= MAX_FAILURES;
    }

    synchronized void failed(String source) {
        Window window = current(source);
        bySource.put(source, window == null ? new Window(System.nanoTime(), 1)
                : new Window(window.startNanos(), window.failures() + 1));
    }

    synchronized void succeeded(String source) {
        bySource.remove(source);
    }

    private Window current(String source) {
        Window window = bySource.get(source);
        if (window != null && System.nanoTime() - window.startNanos() > WINDOW_NANOS) {
            bySource.remove(source);
            return null;
        }
        return window;
    }
}
