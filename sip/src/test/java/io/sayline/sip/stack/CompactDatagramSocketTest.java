package io.sayline.sip.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A datagram received as the RI receives it (into a 64 KB array) comes out in an array of its own length. */
class CompactDatagramSocketTest {
    @Test
    void theReceivedPacketHoldsOnlyTheDatagram() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        byte[] options = "OPTIONS sip:sayline@127.0.0.1 SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket listening = new GuardedNetworkLayer().createDatagramSocket(0, loopback);
             DatagramSocket peer = new DatagramSocket(0, loopback)) {
            peer.send(new DatagramPacket(options, options.length, loopback, listening.getLocalPort()));
            DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
            listening.setSoTimeout(5_000);
            listening.receive(packet);

            assertEquals(options.length, packet.getData().length);
            assertArrayEquals(options, packet.getData());
            assertEquals(0, packet.getOffset());
            assertEquals(options.length, packet.getLength());
            assertEquals(peer.getLocalPort(), packet.getPort());
        }
    }
}
