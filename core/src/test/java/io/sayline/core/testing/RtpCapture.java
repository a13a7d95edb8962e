package io.sayline.core.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller's RTP socket in end-to-end tests: receives and keeps every packet with its arrival time.
 * Shared with the tools module's tests through core's test-jar.
 */
public final class RtpCapture implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<Received> packets = new ArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;

    public record Received(long arrivalNanos, byte[] data) {
        public int payloadType() {
            return data[1] & 0x7F;
        }

        public boolean marker() {
            return (data[1] & 0x80) != 0;
        }

        public int sequence() {
            return ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        }

        public long timestamp() {
            return ((long) (data[4] & 0xFF) << 24) | ((data[5] & 0xFF) << 16) | ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
        }

        public int payloadLength() {
            return data.length - 12;
        }

        /** Mean absolute μ-law-decoded amplitude of the payload, 0..32124. */
        public double level() {
            double sum = 0;
            for (int i = 12; i < data.length; i++) {
                sum += Math.abs(io.sayline.rtp.g711.G711Codec.PCMU.decode(data[i]));
            }
            return sum / payloadLength();
        }
    }

    public RtpCapture() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(100);
        reader = new Thread(this::read, "rtp-capture");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Sends a datagram from this socket, as a caller's phone sends its RTP from the port its SDP names
     * (symmetric RTP): Sayline accepts media only from there (rtp.symmetric false).
     */
    public void send(byte[] datagram, java.net.InetSocketAddress target) throws java.io.IOException {
        socket.send(new java.net.DatagramPacket(datagram, datagram.length, target));
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            byte[] copy = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            synchronized (packets) {
                packets.add(new Received(System.nanoTime(), copy));
            }
        }
    }

    public List<Received> packets() {
        synchronized (packets) {
            return List.copyOf(packets);
        }
    }

    /** How many packets arrived after {@code nanos} ({@link System#nanoTime()}). */
    public long arrivedAfter(long nanos) {
        return packets().stream().filter(p -> p.arrivalNanos() - nanos > 0).count();
    }

    /**
     * Waits until {@code count} packets have arrived after {@code nanos}. Loopback UDP from one sender arrives
     * in order, so everything the sender sent before those packets has arrived too: the way to wait for "the
     * last frame of an utterance" or "whatever is still on its way" without guessing a time.
     */
    public void awaitArrivalsAfter(long nanos, int count, Duration timeout) throws InterruptedException {
        Await.until(() -> arrivedAfter(nanos) >= count, timeout, count + " RTP packets after the mark");
    }

    /** The payloads of every packet so far, concatenated in arrival order. */
    public byte[] payloads() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Received packet : packets()) {
            out.write(packet.data(), 12, packet.payloadLength());
        }
        return out.toByteArray();
    }

    /** Packets whose mean μ-law-decoded amplitude is above {@code level}: a rough "speech frames" count. */
    public long framesLouderThan(double level) {
        return packets().stream().filter(p -> p.level() > level).count();
    }

    @Override
    public void close() {
        running = false;
        socket.close();
    }
}
