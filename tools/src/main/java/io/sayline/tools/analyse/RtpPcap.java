package io.sayline.tools.analyse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RTP captures for SIPp's {@code play_pcap_audio}: reads the RTP packets of a pcap (SIPp's bundled
 * {@code g711a.pcap}) and writes new ones (Ethernet, IPv4/UDP) that tests and the load tool build: a codec changed,
 * packets left out, a tone, speech with pauses. SIPp rewrites addresses and ports when it replays; the RTP
 * packets go as written.
 */
public final class RtpPcap {
    private static final int RTP_HEADER = 12;
    private static final int UDP_PORT = 6000;

    private RtpPcap() {
    }

    /**
     * One RTP packet of a capture (fixed 12-byte header, as SIPp's captures and this class write them).
     *
     * @param nanos when it was captured; SIPp replays with these intervals
     */
    public record Packet(long nanos, byte[] rtp) {
        public static Packet of(long nanos, int payloadType, int sequence, int timestamp, int ssrc, byte[] payload) {
            ByteBuffer b = ByteBuffer.allocate(RTP_HEADER + payload.length);
            b.put((byte) 0x80).put((byte) payloadType).putShort((short) sequence).putInt(timestamp).putInt(ssrc)
                    .put(payload);
            return new Packet(nanos, b.array());
        }

        public int payloadType() {
            return rtp[1] & 0x7F;
        }

        public int sequence() {
            return ByteBuffer.wrap(rtp).getShort(2) & 0xFFFF;
        }

        public int timestamp() {
            return ByteBuffer.wrap(rtp).getInt(4);
        }

        public int ssrc() {
            return ByteBuffer.wrap(rtp).getInt(8);
        }

        public byte[] payload() {
            return Arrays.copyOfRange(rtp, RTP_HEADER, rtp.length);
        }

        /** The same packet with another payload type and payload. */
        public Packet with(int payloadType, byte[] payload) {
            return of(nanos, payloadType, sequence(), timestamp(), ssrc(), payload);
        }
    }

    /** The RTP packets of a capture, in file order. */
    public static List<Packet> read(Path pcap) throws IOException {
        List<Packet> packets = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pcap)) {
            CaptureReader.read(in, frame -> {
                UdpDatagram udp = LinkLayer.udpOf(frame);
                if (udp != null && udp.length() > RTP_HEADER) {
                    packets.add(new Packet(udp.timestampNanos(),
                            Arrays.copyOfRange(udp.data(), udp.offset(), udp.offset() + udp.length())));
                }
            });
        }
        return packets;
    }

    /** Writes {@code packets} as a classic pcap SIPp can play. */
    public static void write(Path pcap, List<Packet> packets) throws IOException {
        CaptureWriter writer = new CaptureWriter(LinkLayer.ETHERNET);
        for (Packet packet : packets) {
            writer.udp(packet.nanos(), UDP_PORT, UDP_PORT, packet.rtp());
        }
        Files.write(pcap, writer.pcap());
    }
}
