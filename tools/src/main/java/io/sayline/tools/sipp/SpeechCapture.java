package io.sayline.tools.sipp;

import io.sayline.rtp.g711.G711Codec;
import io.sayline.tools.analyse.RtpPcap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds a caller's speech capture for SIPp's {@code play_pcap_audio} (scenario {@code uac_speech.xml}) from the
 * G.711 A-law speech capture SIPp ships ({@code g711a.pcap}, Debian package sip-tester): stretches of its speech
 * separated by silence, so a speech-to-text vendor hears distinct phrases. The capture's packets carry 30 ms each;
 * sequence numbers, timestamps and capture times are renumbered to run on without a gap. Written in A-law as
 * shipped, or converted sample by sample to μ-law for calls that take PCMU.
 */
public final class SpeechCapture {
    public static final Path SIPP_SPEECH = Path.of("/usr/share/sip-tester/g711a.pcap");
    public static final int PACKET_MS = 30;
    /** The name {@code uac_speech.xml} plays, in SIPp's working directory. */
    public static final String FILE = "speech.pcap";
    private static final int SAMPLES_PER_MS = 8;
    /** SIPp's capture: packets 50..120 are 2.1 s of loud speech. */
    private static final int SPEECH_FROM = 50;
    private static final int SPEECH_TO = 120;
    /** Between phrases: longer than a speech-to-text vendor's usual end-of-phrase silence (~0.5-1 s). */
    private static final int PAUSE_MS = 1200;

    /** {@code silenceMs} of silence, then packets {@code [from, to)} of the capture's speech (0 and 0: none). */
    public record Part(int silenceMs, int fromPacket, int toPacket) {
        public int speechMs() {
            return (toPacket - fromPacket) * PACKET_MS;
        }

        int ms() {
            return silenceMs + speechMs();
        }
    }

    private SpeechCapture() {
    }

    /** SIPp's capture, or empty when its package is not installed. */
    public static Optional<String> sippSpeech() {
        return Files.isReadable(SIPP_SPEECH) ? Optional.of(SIPP_SPEECH.toString()) : Optional.empty();
    }

    /** Writes {@code parts} in A-law, as SIPp's capture is, as {@code dir/speech.pcap}. */
    public static Path write(Path dir, List<Part> parts) throws IOException {
        return write(dir, parts, G711Codec.PCMA);
    }

    /**
     * A caller who talks for {@code ms}: phrases of 2.1 s, each after a pause of 1.2 s, until {@code ms} is
     * covered, then the same pause again so the last phrase ends (and is committed) before the call does.
     */
    public static List<Part> talkingFor(long ms) {
        Part phrase = new Part(PAUSE_MS, SPEECH_FROM, SPEECH_TO);
        List<Part> parts = new ArrayList<>();
        for (long covered = 0; covered < ms; covered += phrase.ms()) {
            parts.add(phrase);
        }
        parts.add(new Part(PAUSE_MS, 0, 0));
        return parts;
    }

    /**
     * Writes {@code parts} in {@code codec} as {@code dir/speech.pcap} (the name uac_speech.xml plays).
     *
     * @throws IOException also when SIPp's capture is missing (apt-get install sip-tester)
     */
    public static Path write(Path dir, List<Part> parts, G711Codec codec) throws IOException {
        if (sippSpeech().isEmpty()) {
            throw new IOException(SIPP_SPEECH + " is missing (apt-get install sip-tester)");
        }
        List<RtpPcap.Packet> speech = RtpPcap.read(SIPP_SPEECH);
        byte[] silence = new byte[PACKET_MS * SAMPLES_PER_MS];
        Arrays.fill(silence, G711Codec.PCMA.silence());
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
            byte[] alaw = payloads.get(n);
            byte[] payload = alaw;
            if (codec == G711Codec.PCMU) {
                payload = new byte[alaw.length];
                G711Codec.PCMA.toUlaw(alaw, 0, alaw.length, payload, 0);
            }
            packets.add(RtpPcap.Packet.of(n * PACKET_MS * 1_000_000L, codec.payloadType(), 1000 + n,
                    n * PACKET_MS * SAMPLES_PER_MS, ssrc, payload));
        }
        Path file = dir.resolve(FILE);
        RtpPcap.write(file, packets);
        return file;
    }
}
