package io.sayline.sip.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The listening socket of the RI's blocking TCP transport, with {@link StackProperties#MAX_CONNECTIONS_PER_SOURCE}
 * connections per source address: a connection past the cap is closed as soon as it is accepted, counted, and the
 * next one is accepted instead. The RI's own {@code MAX_CONNECTIONS} caps the total and its {@code READ_TIMEOUT}
 * cuts a half-sent message; neither looks at the source.
 */
final class PerSourceServerSocket extends ServerSocket {
    private final OpenConnections open =
            new OpenConnections(StackProperties.MAX_CONNECTIONS_PER_SOURCE, StackProperties.MAX_CONNECTIONS);

    PerSourceServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        super(port, backlog, bindAddress);
    }

    @Override
    public Socket accept() throws IOException {
        while (true) {
            Socket socket = super.accept();
            if (open.admit(socket.getInetAddress(), AcceptedConnection.of(socket)).isPresent()) {
                return socket;
            }
            ConnectionGuard.countRefused();
            try {
                socket.close();
            } catch (IOException ignored) {
                // refused either way
            }
        }
    }
}
