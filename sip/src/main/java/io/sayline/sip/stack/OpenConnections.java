package io.sayline.sip.stack;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TCP or TLS connections one listening port has accepted, by source address, so that neither one peer nor all
 * together can hold more than their share of sockets and buffers.
 *
 * <p>The RI closes connections on its own (idle time, errors, the peer's FIN) without telling anyone outside it, so
 * closed ones are forgotten lazily: a source's list is pruned when that source connects again, the whole table
 * when it seems full and on every sweep for stalled connections.
 */
final class OpenConnections {
    private final int perSource;
    private final int total;
    private final Map<InetAddress, List<AcceptedConnection>> bySource = new HashMap<>();
    /** Connections in the table, closed ones not yet pruned included: never fewer than are open. */
    private int held;

    OpenConnections(int perSource, int total) {
        this.perSource = perSource;
        this.total = total;
    }

    /** The connection just accepted from {@code source}, counted; empty when a cap is reached. */
    synchronized Optional<AcceptedConnection> admit(InetAddress source, AcceptedConnection connection) {
        List<AcceptedConnection> fromSource = bySource.computeIfAbsent(source, any -> new ArrayList<>());
        held -= prune(fromSource);
        if (held >= total) {
            pruneAll();
        }
        if (fromSource.size() >= perSource || held >= total) {
            if (fromSource.isEmpty()) {
                bySource.remove(source);
            }
            return Optional.empty();
        }
        fromSource.add(connection);
        held++;
        return Optional.of(connection);
    }

    /** The open connections that have held part of a message longer than {@code limitNanos}. */
    synchronized List<AcceptedConnection> stalled(long nowNanos, long limitNanos) {
        pruneAll();
        List<AcceptedConnection> stalled = new ArrayList<>();
        bySource.values().forEach(connections -> connections.stream()
                .filter(connection -> connection.stalled(nowNanos, limitNanos)).forEach(stalled::add));
        return stalled;
    }

    private void pruneAll() {
        bySource.values().forEach(connections -> held -= prune(connections));
        bySource.values().removeIf(List::isEmpty);
    }

    private static int prune(List<AcceptedConnection> connections) {
        int before = connections.size();
        connections.removeIf(connection -> !connection.isOpen());
        return before - connections.size();
    }
}
