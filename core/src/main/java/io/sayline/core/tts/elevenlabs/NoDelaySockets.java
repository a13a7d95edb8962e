package io.sayline.core.tts.elevenlabs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with Nagle's algorithm off. A WebSocket turn is several small frames written back to back
 * (text, flush, close_context); with Nagle on, each frame after the first waits for the vendor's ACK of the
 * one before, which a delayed-ACK peer holds for up to 40 ms (Linux's minimum delayed-ACK time,
 * TCP_DELACK_MIN). The latency probe measured that as +45 ms of vendor first byte on multi-stream-input
 * (120 ms against the simulator's 75 ms). OkHttp leaves TCP_NODELAY at the JDK's default (off); TLS sockets
 * are layered over these, so https vendors get the option too.
 */
final class NoDelaySockets extends SocketFactory {
    private final SocketFactory delegate = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
