package io.sayline.sip.stack;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * One TCP or TLS connection a peer opened to Sayline, counted by {@link OpenConnections} while it is open; on the
 * RI's non-blocking TLS transport also since when it has held part of a message: that transport reads without a
 * thread per connection, so a peer that starts a message and trickles the rest costs no thread, but it would hold
 * its socket and parser buffer for ever. {@link ConnectionGuard} closes it once the part it holds is
 * {@link StackProperties#READ_TIMEOUT_MS} old. (The blocking TCP transport has the RI's own read timeout.)
 */
final class AcceptedConnection {
    private static final long NONE = Long.MIN_VALUE;

    private final BooleanSupplier open;
    private final Closeable socket;
    private volatile long partialSinceNanos = NONE;
    private volatile ConnectionOrientedMessageChannel channel;

    private AcceptedConnection(BooleanSupplier open, Closeable socket) {
        this.open = open;
        this.socket = socket;
    }

    /** A connection of the non-blocking transports. */
    static AcceptedConnection of(SocketChannel socket) {
        return new AcceptedConnection(socket::isOpen, socket);
    }

    /** A connection of the blocking TCP transport. */
    static AcceptedConnection of(Socket socket) {
        return new AcceptedConnection(() -> !socket.isClosed(), socket);
    }

    void attach(ConnectionOrientedMessageChannel channel) {
        this.channel = channel;
    }

    /** Bytes of a message arrived; CR and LF alone are keep-alives (RFC 5626 §3.5.1), no message. */
    void received(byte[] bytes, long nowNanos) {
        if (partialSinceNanos == NONE && !LenientDropParserFactory.isKeepAlive(bytes)) {
            partialSinceNanos = nowNanos;
        }
    }

    /**
     * A whole message was parsed. With the RI's post-parsing threads this may come after the first bytes of the
     * next message: the connection is then not timed until its next bytes, never timed too early.
     */
    void completed() {
        partialSinceNanos = NONE;
    }

    boolean isOpen() {
        return open.getAsBoolean();
    }

    /** Whether this connection has held part of a message for longer than {@code limitNanos}. */
    boolean stalled(long nowNanos, long limitNanos) {
        long since = partialSinceNanos;
        return since != NONE && nowNanos - since > limitNanos;
    }

    /** Closes the connection through the RI's channel, so that the RI forgets it too. */
    void close() throws IOException {
        ConnectionOrientedMessageChannel attached = channel;
        if (attached != null) {
            attached.close();
        } else {
            socket.close();
        }
    }
}
