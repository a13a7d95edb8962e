package io.sayline.tools.analyse;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads capture files: classic libpcap (microsecond and nanosecond variants, either byte order) and pcapng
 * (what tshark writes by default: section header, interface description and enhanced/simple packet blocks).
 *
 * <p>Sizes are checked before anything is allocated, so a corrupt file fails with an {@link IOException}
 * naming the problem instead of an out-of-memory error.
 */
final class CaptureReader {
    static final int PCAP_MAGIC_MICROS = 0xa1b2c3d4;
    static final int PCAP_MAGIC_NANOS = 0xa1b23c4d;
    static final int PCAPNG_SECTION_HEADER = 0x0A0D0D0A;
    static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int PCAPNG_INTERFACE_DESCRIPTION = 1;
    static final int PCAPNG_SIMPLE_PACKET = 3;
    static final int PCAPNG_ENHANCED_PACKET = 6;
    static final int PCAPNG_OPTION_END = 0;
    static final int PCAPNG_OPTION_TSRESOL = 9;
    /** Largest frame or block accepted: far above any snap length in use. */
    static final int MAX_RECORD = 1 << 20;
    private static final int PCAP_GLOBAL_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;

    private CaptureReader() {
    }

    /** Calls {@code sink} for every frame in the file, in file order. */
    static void read(InputStream in, Consumer<CapturedFrame> sink) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] first = new byte[4];
        data.readFully(first);
        int magicBig = ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN).getInt();
        if (magicBig == PCAPNG_SECTION_HEADER) {
            readPcapng(data, first, sink);
            return;
        }
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            int magic = ByteBuffer.wrap(first).order(order).getInt();
            if (magic == PCAP_MAGIC_MICROS || magic == PCAP_MAGIC_NANOS) {
                readPcap(data, order, magic == PCAP_MAGIC_NANOS, sink);
                return;
            }
        }
        throw new IOException("not a pcap or pcapng file (magic " + String.format("%08x", magicBig) + ")");
    }

    private static void readPcap(DataInputStream in, ByteOrder order, boolean nanos, Consumer<CapturedFrame> sink)
            throws IOException {
        ByteBuffer header = ByteBuffer.wrap(readBytes(in, PCAP_GLOBAL_HEADER - 4)).order(order);
        int linkType = header.getInt(16) & 0x0FFFFFFF; // upper bits may carry FCS information
        byte[] recordHeader = new byte[PCAP_RECORD_HEADER];
        while (readOrEof(in, recordHeader)) {
            ByteBuffer r = ByteBuffer.wrap(recordHeader).order(order);
            long seconds = r.getInt(0) & 0xFFFFFFFFL;
            long fraction = r.getInt(4) & 0xFFFFFFFFL;
            int captured = r.getInt(8);
            if (captured < 0 || captured > MAX_RECORD) {
                throw new IOException("pcap record of " + captured + " bytes exceeds the " + MAX_RECORD + " limit");
            }
            long ts = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
            sink.accept(new CapturedFrame(ts, linkType, readBytes(in, captured)));
        }
    }

    private static void readPcapng(DataInputStream in, byte[] firstWord, Consumer<CapturedFrame> sink)
            throws IOException {
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        List<Interface> interfaces = new ArrayList<>();
        byte[] type = firstWord;
        boolean first = true;
        while (true) {
            if (!first) {
                type = new byte[4];
                if (!readOrEof(in, type)) {
                    return;
                }
            }
            first = false;
            byte[] lengthBytes = readBytes(in, 4);
            int blockType = ByteBuffer.wrap(type).order(order).getInt();
            if (blockType == PCAPNG_SECTION_HEADER) {
                byte[] bom = readBytes(in, 4);
                order = ByteBuffer.wrap(bom).order(ByteOrder.BIG_ENDIAN).getInt() == PCAPNG_BYTE_ORDER_MAGIC
                        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                int length = checkedBlockLength(ByteBuffer.wrap(lengthBytes).order(order).getInt());
                readBytes(in, length - 12); // rest of the section header
                interfaces.clear();
                continue;
            }
            int length = checkedBlockLength(ByteBuffer.wrap(lengthBytes).order(order).getInt());
            ByteBuffer body = ByteBuffer.wrap(readBytes(in, length - 8)).order(order);
            if (blockType == PCAPNG_INTERFACE_DESCRIPTION) {
                interfaces.add(new Interface(body.getShort(0) & 0xFFFF, unitsPerSecond(body)));
            } else if (blockType == PCAPNG_ENHANCED_PACKET) {
                int id = body.getInt(0);
                if (id < 0 || id >= interfaces.size()) {
                    throw new IOException("enhanced packet block names unknown interface " + id);
                }
                long units = ((body.getInt(4) & 0xFFFFFFFFL) << 32) | (body.getInt(8) & 0xFFFFFFFFL);
                int captured = body.getInt(12);
                if (captured < 0 || captured > body.capacity() - 20 - 4) {
                    throw new IOException("enhanced packet block with captured length " + captured);
                }
                byte[] frame = new byte[captured];
                body.get(20, frame);
                Interface itf = interfaces.get(id);
                sink.accept(new CapturedFrame(toNanos(units, itf.unitsPerSecond()), itf.linkType(), frame));
            } else if (blockType == PCAPNG_SIMPLE_PACKET && !interfaces.isEmpty()) {
                int captured = Math.min(body.getInt(0), body.capacity() - 4 - 4);
                if (captured < 0) {
                    throw new IOException("simple packet block with negative length");
                }
                byte[] frame = new byte[captured];
                body.get(4, frame);
                sink.accept(new CapturedFrame(0, interfaces.get(0).linkType(), frame)); // SPBs carry no timestamp
            }
        }
    }

    private record Interface(int linkType, long unitsPerSecond) {
    }

    /** Timestamp units per second from the if_tsresol option (default 10^6, pcapng §4.2). */
    private static long unitsPerSecond(ByteBuffer body) {
        int pos = 8;
        while (pos + 4 <= body.capacity() - 4) {
            int code = body.getShort(pos) & 0xFFFF;
            int len = body.getShort(pos + 2) & 0xFFFF;
            if (code == PCAPNG_OPTION_END) {
                break;
            }
            if (code == PCAPNG_OPTION_TSRESOL && len >= 1) {
                int v = body.get(pos + 4) & 0xFF;
                if ((v & 0x80) == 0) {
                    long perSecond = 1;
                    for (int i = 0; i < (v & 0x7F) && i < 18; i++) {
                        perSecond *= 10;
                    }
                    return perSecond;
                }
                return 1L << Math.min(62, v & 0x7F);
            }
            pos += 4 + ((len + 3) & ~3);
        }
        return 1_000_000L;
    }

    private static long toNanos(long units, long perSecond) {
        long seconds = units / perSecond;
        long rest = units % perSecond;
        return seconds * 1_000_000_000L + (long) (rest * (1e9 / perSecond));
    }

    private static int checkedBlockLength(int length) throws IOException {
        if (length < 12 || length > MAX_RECORD || length % 4 != 0) {
            throw new IOException("pcapng block length " + length + " is invalid");
        }
        return length;
    }

    private static byte[] readBytes(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static boolean readOrEof(DataInputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        if (n == 0) {
            return false;
        }
        if (n < b.length) {
            throw new EOFException("capture file ends inside a record header");
        }
        return true;
    }
}
