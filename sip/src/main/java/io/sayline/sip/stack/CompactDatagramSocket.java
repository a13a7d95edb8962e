package io.sayline.sip.stack;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;

/**
 * The socket JAIN SIP's UDP transport listens on, handing each datagram on in an array of its own size.
 *
 * <p>The RI receives every datagram into a new array of the largest datagram it accepts (64 KB, {@code
 * MAX_MESSAGE_SIZE}) and queues that packet for its SIP threads. While they are behind, every queued message holds
 * 64 KB: with 3,000 calls offered at 200/s on two shared cores, a heap histogram during the calls had 417 MB of
 * byte arrays, most of them such buffers (JFR's old-object samples: 31 of 72 were 65,536-element arrays allocated
 * in {@code UDPMessageProcessor.run}; with this socket the live set after a young collection fell from 293-481 MB
 * to 88-204 MB), and the collector ran full collections of 140-230 ms. A copy of
 * the datagram's own length (about 1 KB for an INVITE) is what the queue holds now; the RI's buffer dies young.
 */
final class CompactDatagramSocket extends DatagramSocket {
    CompactDatagramSocket(int port, InetAddress bindAddress) throws SocketException {
        super(port, bindAddress);
    }

    @Override
    public void receive(DatagramPacket packet) throws IOException {
        super.receive(packet);
        int from = packet.getOffset();
        packet.setData(Arrays.copyOfRange(packet.getData(), from, from + packet.getLength()));
    }
}
