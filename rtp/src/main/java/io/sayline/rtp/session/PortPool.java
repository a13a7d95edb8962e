package io.sayline.rtp.session;

import io.sayline.config.PortRange;
import java.util.ArrayDeque;
import java.util.BitSet;

/**
 * The even UDP ports of a {@link PortRange} (RTP uses even ports, RFC 3550 §11; the odd neighbour stays free
 * for RTCP). Ports are handed out first-in first-out, so a port just released is reused as late as possible
 * and stray packets of the previous call rarely reach the next one. A port that fails to bind is released
 * by the caller and simply goes to the back of the queue.
 *
 * <p>Thread-safe: calls are opened and closed on many event loops.
 */
public final class PortPool {
    /** What {@link #acquire()} returns when every port is in use. */
    public static final int NONE = -1;

    private final PortRange range;
    private final ArrayDeque<Integer> free = new ArrayDeque<>(); // guarded by this
    private final BitSet inUse = new BitSet(); // guarded by this

    public PortPool(PortRange range) {
        this.range = range;
        int first = range.low() % 2 == 0 ? range.low() : range.low() + 1;
        for (int port = first; port <= range.high(); port += 2) {
            free.add(port);
        }
    }

    /** An unused even port, or {@link #NONE} if the range is exhausted. */
    public synchronized int acquire() {
        Integer port = free.pollFirst();
        if (port == null) {
            return NONE;
        }
        inUse.set(port);
        return port;
    }

    /** Returns a port; ports not from this pool or already free are ignored (release is idempotent). */
    public synchronized void release(int port) {
        if (port < range.low() || port > range.high() || !inUse.get(port)) {
            return;
        }
        inUse.clear(port);
        free.addLast(port);
    }

    public synchronized int available() {
        return free.size();
    }

    public synchronized int inUse() {
        return inUse.cardinality();
    }

    public PortRange range() {
        return range;
    }
}
