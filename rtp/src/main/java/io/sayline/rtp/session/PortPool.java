package io.sayline.rtp.session;

import io.sayline.config.PortRange;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The even UDP ports of a {@link PortRange} (RTP uses even ports, RFC 3550 §11; the odd neighbour stays free
 * for RTCP). Ports are handed out first-in first-out, so a port just released is reused as late as possible
 * and stray packets of the previous call rarely reach the next one. A port that fails to bind is released
 * by the caller and simply goes to the back of the queue.
 *
 * <p>Thread-safe and lock-free: calls are opened and closed on the pacing loops, and a lock here would be one they
 * share with each other and with the thread that reads the gauges; a normal thread preempted while holding it
 * would stall a loop (THREADING.md).
 */
public final class PortPool {
    /** What {@link #acquire()} returns when every port is in use. */
    public static final int NONE = -1;

    private final PortRange range;
    private final int first;
    private final Queue<Integer> free = new ConcurrentLinkedQueue<>();
    /** 1 for each even port handed out and not yet released, by {@code (port - first) / 2}. */
    private final AtomicIntegerArray taken;
    private final AtomicInteger inUse = new AtomicInteger();

    public PortPool(PortRange range) {
        this.range = range;
        this.first = range.low() % 2 == 0 ? range.low() : range.low() + 1;
        int count = 0;
        for (int port = first; port <= range.high(); port += 2) {
            free.add(port);
            count++;
        }
        this.taken = new AtomicIntegerArray(count);
    }

    /** An unused even port, or {@link #NONE} if the range is exhausted. */
    public int acquire() {
        Integer port = free.poll();
        if (port == null) {
            return NONE;
        }
        taken.set(index(port), 1);
        inUse.incrementAndGet();
        return port;
    }

    /** Returns a port; ports not from this pool or already free are ignored (release is idempotent). */
    public void release(int port) {
        if (port < first || port > range.high() || (port - first) % 2 != 0
                || !taken.compareAndSet(index(port), 1, 0)) {
            return;
        }
        inUse.decrementAndGet();
        free.offer(port);
    }

    public int available() {
        return taken.length() - inUse.get();
    }

    public int inUse() {
        return inUse.get();
    }

    public PortRange range() {
        return range;
    }

    private int index(int port) {
        return (port - first) / 2;
    }
}
