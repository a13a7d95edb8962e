package io.sayline.sip.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules for one TLS listening port (the RI's non-blocking transport): at most
 * {@link StackProperties#MAX_CONNECTIONS_PER_SOURCE} connections from one address and
 * {@link StackProperties#MAX_CONNECTIONS} in all (a connection past a cap is closed as soon as it is accepted,
 * before a TLS handshake costs anything), and a connection that has held part of a message for
 * {@link StackProperties#READ_TIMEOUT_MS} closed (a slow-loris peer). Counts are JVM-wide: the RI creates its
 * transports by class name ({@link GuardedConnectionsFactory}).
 */
final class ConnectionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final LongAdder REFUSED = new LongAdder();
    private static final LongAdder CUT = new LongAdder();
    private static final long SWEEP_MS = 1_000;

    private final OpenConnections open =
            new OpenConnections(StackProperties.MAX_CONNECTIONS_PER_SOURCE, StackProperties.MAX_CONNECTIONS);
    private final String transport;
    private ScheduledExecutorService sweeper;

    ConnectionGuard(String transport) {
        this.transport = transport;
    }

    static long refused() {
        return REFUSED.sum();
    }

    /** A connection was closed at accept because a cap was reached (here or on the blocking TCP transport). */
    static void countRefused() {
        REFUSED.increment();
    }

    static long cut() {
        return CUT.sum();
    }

    /** The connection just accepted, admitted; else it is closed and an IOException tells the RI's accept loop. */
    AcceptedConnection admit(SocketChannel socket) throws IOException {
        InetAddress source = ((InetSocketAddress) socket.getRemoteAddress()).getAddress();
        AcceptedConnection connection = AcceptedConnection.of(socket);
        if (open.admit(source, connection).isEmpty()) {
            countRefused();
            socket.close();
            // The RI's accept loop catches this, logs it at debug and goes on selecting.
            throw new IOException(transport + " connection from " + source.getHostAddress() + " refused: cap");
        }
        return connection;
    }

    synchronized void start() {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "sip-" + transport.toLowerCase(Locale.ROOT) + "-guard");
                thread.setDaemon(true);
                return thread;
            });
            sweeper.scheduleWithFixedDelay(this::cutStalled, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    private void cutStalled() {
        long limit = TimeUnit.MILLISECONDS.toNanos(StackProperties.READ_TIMEOUT_MS);
        for (AcceptedConnection stalled : open.stalled(System.nanoTime(), limit)) {
            CUT.increment();
            try {
                stalled.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing a stalled {} connection: {}", transport, e.toString());
            }
        }
    }
}
