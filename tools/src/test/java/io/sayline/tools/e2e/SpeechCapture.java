package io.sayline.tools.e2e;

import io.sayline.tools.interop.Sipp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a caller's speech capture for SIPp's {@code play_pcap_audio} from the G.711 A-law speech capture SIPp
 * ships ({@code g711a.pcap}, Debian package sip-tester): stretches of its speech separated by silence, so a
 * speech-to-text vendor hears distinct phrases. The capture's packets carry 30 ms each; the RTP sequence
 * numbers and timestamps are rewritten to run on without a gap, and the pcap times to pace them.
 */
final class SpeechCapture {
    static final Path SIPP_SPEECH = Path.of("/usr/share/sip-tester/g711a.pcap");
    static final int PACKET_MS = 30;
    private static final int PCAP_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    /** Ethernet 14 + IPv4 20 + UDP 8 bytes before the RTP header. */
    private static final int RTP_OFFSET = 42;
    private static final int UDP_CHECKSUM = 40;
    private static final int RTP_HEADER = 12;
    private static final byte ALAW_SILENCE = (byte) 0xD5;

    /** {@code silenceMs} of silence, then packets {@code [from, to)} of the capture's speech (0 and 0: none). */
    record Part(int silenceMs, int fromPacket, int toPacket) {
        int speechMs() {
            return (toPacket - fromPacket) * PACKET_MS;
        }
    }

    private SpeechCapture() {
    }

    /** The capture, or a failed (CI) or skipped test when SIPp's package is missing. */
    static Path sippSpeech() {
        Sipp.required(Files.isReadable(SIPP_SPEECH) ? Optional.of(SIPP_SPEECH.toString()) : Optional.empty(),
                SIPP_SPEECH + " is missing (apt-get install sip-tester; .ci/run does this)");
        return SIPP_SPEECH;
    }

    /** Writes {@code parts} as {@code dir/speech.pcap} (the name uac_speech.xml plays). */
    static Path write(Path dir, List<Part> parts) throws IOException {
        byte[] source = Files.readAllBytes(sippSpeech());
        List<byte[]> packets = packets(source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(source, 0, PCAP_HEADER);
        byte[] silence = packets.get(0).clone();
        for (int i = RTP_OFFSET + RTP_HEADER; i < silence.length; i++) {
            silence[i] = ALAW_SILENCE;
        }
        int n = 0;
        for (Part part : parts) {
            for (int ms = 0; ms < part.silenceMs(); ms += PACKET_MS) {
                append(out, silence, n++);
            }
            for (int p = part.fromPacket(); p < part.toPacket(); p++) {
                append(out, packets.get(p), n++);
            }
        }
        Path file = dir.resolve("speech.pcap");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static List<byte[]> packets(byte[] pcap) {
        ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        in.position(PCAP_HEADER);
        List<byte[]> packets = new ArrayList<>();
        while (in.remaining() >= RECORD_HEADER) {
            in.position(in.position() + 8);
            int length = in.getInt();
            in.getInt();
            byte[] packet = new byte[length];
            in.get(packet);
            packets.add(packet);
        }
        return packets;
    }

    private static void append(ByteArrayOutputStream out, byte[] template, int n) {
        byte[] packet = template.clone();
        ByteBuffer rtp = ByteBuffer.wrap(packet).order(ByteOrder.BIG_ENDIAN);
        rtp.putShort(UDP_CHECKSUM, (short) 0); // optional over IPv4 (RFC 768), and the payload changed
        rtp.put(RTP_OFFSET + 1, (byte) ((n == 0 ? 0x80 : 0) | 8));
        rtp.putShort(RTP_OFFSET + 2, (short) (1000 + n));
        rtp.putInt(RTP_OFFSET + 4, n * PACKET_MS * 8);
        long micros = (long) n * PACKET_MS * 1000;
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) (1_700_000_000 + micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                .putInt(packet.length).putInt(packet.length);
        out.writeBytes(record.array());
        out.writeBytes(packet);
    }
}
