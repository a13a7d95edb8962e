package io.sayline.tools.analyse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small capture files in memory: IPv4/UDP frames wrapped in a chosen link layer, as pcap or pcapng. */
final class CaptureWriter {
    private final int linkType;
    private final List<long[]> times = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();

    CaptureWriter(int linkType) {
        this.linkType = linkType;
    }

    /** Adds one UDP datagram 127.0.0.1:srcPort → 127.0.0.1:dstPort captured at {@code nanos}. */
    void udp(long nanos, int srcPort, int dstPort, byte[] payload) {
        ByteBuffer ip = ByteBuffer.allocate(20 + 8 + payload.length);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) ip.capacity()).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
        ip.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length))
                .putShort((short) 0).put(payload);
        times.add(new long[] {nanos});
        frames.add(wrap(ip.array()));
    }

    private byte[] wrap(byte[] ip) {
        ByteBuffer b;
        switch (linkType) {
            case LinkLayer.NULL -> b = ByteBuffer.allocate(4 + ip.length).order(ByteOrder.LITTLE_ENDIAN).putInt(2);
            case LinkLayer.ETHERNET -> b = ByteBuffer.allocate(14 + ip.length).put(new byte[12]).putShort((short) 0x0800);
            case LinkLayer.RAW -> b = ByteBuffer.allocate(ip.length);
            case LinkLayer.LINUX_SLL -> b = ByteBuffer.allocate(16 + ip.length).putShort((short) 0)
                    .putShort((short) 772).putShort((short) 6).put(new byte[8]).putShort((short) 0x0800);
            case LinkLayer.LINUX_SLL2 -> b = ByteBuffer.allocate(20 + ip.length).putShort((short) 0x0800)
                    .putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0).put((byte) 6).put(new byte[8]);
            default -> throw new IllegalArgumentException("link type " + linkType);
        }
        return b.put(ip).array();
    }

    /** Classic little-endian microsecond pcap. */
    byte[] pcap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        for (int i = 0; i < frames.size(); i++) {
            long ns = times.get(i)[0];
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (ns / 1_000_000_000L)).putInt((int) (ns % 1_000_000_000L / 1000))
                    .putInt(frames.get(i).length).putInt(frames.get(i).length);
            out.writeBytes(r.array());
            out.writeBytes(frames.get(i));
        }
        return out.toByteArray();
    }

    /** pcapng as tshark writes it: section header, one interface (default µs resolution), enhanced packets. */
    byte[] pcapng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer shb = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1).putInt(28);
        out.writeBytes(shb.array());
        ByteBuffer idb = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        idb.putInt(1).putInt(20).putShort((short) linkType).putShort((short) 0).putInt(0).putInt(20);
        out.writeBytes(idb.array());
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            int padded = (f.length + 3) & ~3;
            int length = 32 + padded;
            long micros = times.get(i)[0] / 1000;
            ByteBuffer epb = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            epb.putInt(6).putInt(length).putInt(0).putInt((int) (micros >>> 32)).putInt((int) micros)
                    .putInt(f.length).putInt(f.length).put(f).put(new byte[padded - f.length]).putInt(length);
            out.writeBytes(epb.array());
        }
        return out.toByteArray();
    }
}
