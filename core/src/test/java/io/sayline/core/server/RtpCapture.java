package io.sayline.core.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** The caller's RTP socket in end-to-end tests: receives and keeps every packet with its arrival time. */
final class RtpCapture implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<Received> packets = new ArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;

    record Received(long arrivalNanos, byte[] data) {
        int payloadType() {
            return data[1] & 0x7F;
        }

        boolean marker() {
            return (data[1] & 0x80) != 0;
        }

        int sequence() {
            return ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        }

        long timestamp() {
            return ((long) (data[4] & 0xFF) << 24) | ((data[5] & 0xFF) << 16) | ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
        }

        int payloadLength() {
            return data.length - 12;
        }

        /** Mean absolute μ-law-decoded amplitude of the payload, 0..32124. */
        double level() {
            double sum = 0;
            for (int i = 12; i < data.length; i++) {
                sum += Math.abs(io.sayline.rtp.g711.G711Codec.PCMU.decode(data[i]));
            }
            return sum / payloadLength();
        }
    }

    RtpCapture() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(100);
        reader = new Thread(this::read, "rtp-capture");
        reader.setDaemon(true);
        reader.start();
    }

    int port() {
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

    List<Received> packets() {
        synchronized (packets) {
            return List.copyOf(packets);
        }
    }

    @Override
    public void close() {
        running = false;
        socket.close();
    }
}
