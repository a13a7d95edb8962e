package io.sayline.tools.e2e;

import io.sayline.tools.analyse.RtpPcap;
import io.sayline.tools.interop.Sipp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds a caller's speech capture for SIPp's {@code play_pcap_audio} from the G.711 A-law speech capture SIPp
 * ships ({@code g711a.pcap}, Debian package sip-tester): stretches of its speech separated by silence, so a
 * speech-to-text vendor hears distinct phrases. The capture's packets carry 30 ms each; sequence numbers,
 * timestamps and capture times are renumbered to run on without a gap.
 */
final class SpeechCapture {
    static final Path SIPP_SPEECH = Path.of("/usr/share/sip-tester/g711a.pcap");
    static final int PACKET_MS = 30;
    private static final int PCMA = 8;
    private static final int SAMPLES_PER_MS = 8;
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
        List<RtpPcap.Packet> speech = RtpPcap.read(sippSpeech());
        byte[] silence = new byte[PACKET_MS * SAMPLES_PER_MS];
        Arrays.fill(silence, ALAW_SILENCE);
        List<byte[]> payloads = new ArrayList<>();
        for (Part part : parts) {
            for (int ms = 0; ms < part.silenceMs(); ms += PACKET_MS) {
                payloads.add(silence);
            }
            for (int p = part.fromPacket(); p < part.toPacket(); p++) {
                payloads.add(speech.get(p).payload());
            }
        }
        List<RtpPcap.Packet> packets = new ArrayList<>(payloads.size());
        int ssrc = speech.get(0).ssrc();
        for (int n = 0; n < payloads.size(); n++) {
            packets.add(RtpPcap.Packet.of(n * PACKET_MS * 1_000_000L, PCMA, 1000 + n, n * PACKET_MS * SAMPLES_PER_MS,
                    ssrc, payloads.get(n)));
        }
        Path file = dir.resolve("speech.pcap");
        RtpPcap.write(file, packets);
        return file;
    }
}
