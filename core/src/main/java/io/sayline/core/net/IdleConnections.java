package io.sayline.core.net;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event loop's kept-alive connections, per origin, most recently used first. Confined to its loop: no lock.
 * A connection closed by the server while idle leaves the list when its close is seen.
 */
final class IdleConnections {
    /** Idle connections kept per origin on one loop: one per concurrent request at thousands of calls. */
    static final int MAX_PER_ORIGIN = 2048;

    private final Map<String, ArrayDeque<Channel>> byOrigin = new HashMap<>();

    /** An open idle connection to {@code origin}, or null. */
    Channel take(String origin) {
        ArrayDeque<Channel> idle = byOrigin.get(origin);
        Channel channel;
        while (idle != null && (channel = idle.pollFirst()) != null) {
            if (channel.isActive()) {
                return channel;
            }
        }
        return null;
    }

    /** Keeps {@code channel} for the next request to {@code origin}, or closes it when enough are kept. */
    void put(String origin, Channel channel, boolean clientClosed) {
        ArrayDeque<Channel> idle = byOrigin.computeIfAbsent(origin, o -> new ArrayDeque<>());
        if (clientClosed || idle.size() >= MAX_PER_ORIGIN || !channel.isActive()) {
            channel.close();
            return;
        }
        idle.addFirst(channel);
    }

    /** Forgets a connection that closed (the server's keep-alive ended, or it sat idle too long). */
    void remove(String origin, Channel channel) {
        ArrayDeque<Channel> idle = byOrigin.get(origin);
        if (idle != null) {
            idle.remove(channel);
        }
    }

    /**
     * Closes every kept connection. The lists are emptied first: a close seen on this loop comes back at once as
     * {@link #remove}, and removing from a list being walked threw {@code ConcurrentModificationException} after
     * the first close, which left the rest open (every start-up's warm-up client did that).
     */
    void closeAll() {
        List<Channel> kept = new ArrayList<>();
        byOrigin.values().forEach(kept::addAll);
        byOrigin.clear();
        kept.forEach(Channel::close);
    }
}
