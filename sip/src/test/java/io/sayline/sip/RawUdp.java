package io.sayline.sip;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Raw datagrams to and from a server on loopback, as ISO-8859-1 text so that every octet goes out as written. */
final class RawUdp {
    private static final int MAX_DATAGRAM = 65535;

    private RawUdp() {
    }

    static void send(DatagramSocket socket, int serverPort, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), serverPort));
    }

    /** The next datagram, or empty when none comes within the socket's timeout. */
    static Optional<String> receive(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            return Optional.of(new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }
}
