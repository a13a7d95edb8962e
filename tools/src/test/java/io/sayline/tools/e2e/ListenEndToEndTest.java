package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Command.Listen.AudioFormat;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.testing.Await;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.tools.analyse.RtpPcap;
import io.sayline.tools.analyse.RtpPcap.Packet;
import io.sayline.tools.interop.Sipp;
import io.sayline.tools.sipp.SippFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller's audio to the bot (protocol v1.1 {@code listen}, issue #10), end to end: SIPp replays RTP captures
 * into a call over real SIP and RTP, and a bot on a real WebSocket asks to listen and checks the binary frames:
 * the caller's payload byte for byte, losses marked, a tone's pitch and level after upsampling, and a bot that
 * stops reading losing the oldest audio, told how much, while the call goes on.
 */
class ListenEndToEndTest {
    /** SIPp's bundled speech capture: 236 PCMA packets of 30 ms (Debian package sip-tester). */
    private static final Path G711A = Path.of("/usr/share/sip-tester/g711a.pcap");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int HEADER = 12;
    private static final int PCMU = 0;
    private static final int PCMA = 8;
    private static final Pattern OVERFLOW_METRIC =
            Pattern.compile("sayline_listen_frames_total\\{outcome=\"overflow-dropped\"} (\\d+)");

    @TempDir
    static Path dir;
    private static RawBot bot;
    private static E2eServer sayline;

    @BeforeAll
    static void startAll() throws Exception {
        // A small receive window, so that a bot that stops reading backs Sayline up within seconds.
        bot = new RawBot(4096);
        sayline = E2eServer.start(dir, "38600-38799", E2eServer.yaml(null, bot.url(), ""));
    }

    @AfterAll
    static void stopAll() throws Exception {
        E2eServer.closeAll(sayline, bot);
    }

    /** One binary frame as the bot received it. */
    record Frame(long sequence, long positionMs, int flags, int reserved, byte[] payload) {
        static Frame parse(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            return new Frame(b.getInt() & 0xFFFF_FFFFL, b.getInt() & 0xFFFF_FFFFL, b.getShort() & 0xFFFF,
                    b.getShort() & 0xFFFF, java.util.Arrays.copyOfRange(bytes, HEADER, bytes.length));
        }

        boolean lost() {
            return (flags & 1) != 0;
        }
    }

    /** What the bot saw of one call. */
    record Heard(List<Frame> frames, List<Event.ListenOverflow> overflows, Event.SessionEnd end) {
        byte[] audio() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            frames.forEach(f -> out.writeBytes(f.payload()));
            return out.toByteArray();
        }
    }

    /** What the test does with the bot's connection while the capture plays (after the bot asked to listen). */
    interface During {
        void run(RawBot.Connection connection) throws Exception;
    }

    /**
     * SIPp calls {@code user} offering only {@code payloadType}, replays {@code capture} and hangs up; the bot asks
     * for {@code listen} on {@code session.start} and collects everything until {@code session.end}.
     */
    private static Heard call(String user, List<Packet> capture, int payloadType, Command.Listen listen, During during)
            throws Exception {
        Sipp.binary(); // skips (or fails under CI=true) before anything starts when SIPp is missing
        Path pcap = dir.resolve(user + ".pcap");
        RtpPcap.write(pcap, capture);
        long playMs = (capture.get(capture.size() - 1).nanos() - capture.get(0).nanos()) / 1_000_000 + 1000;
        Path scenario = dir.resolve(user + ".xml");
        Files.writeString(scenario, resource("/listen/uac_play_pcap.xml")
                .replace("@PAYLOAD_TYPE@", String.valueOf(payloadType))
                .replace("@ENCODING@", payloadType == PCMU ? "PCMU" : "PCMA")
                .replace("@PCAP@", pcap.toString())
                .replace("@PLAY_MS@", String.valueOf(playMs)));
        CompletableFuture<Sipp.Result> sipp = CompletableFuture.supplyAsync(() -> {
            try {
                return Sipp.run(dir, 60, "-sf", scenario.toString(), "-s", user, "-m", "1",
                        "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                        "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + sayline.sipPort());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RawBot.Connection connection = bot.awaitConnection(WAIT);
        Event.SessionStart start = connection.await(Event.SessionStart.class, WAIT);
        assertEquals(payloadType == PCMU ? "PCMU" : "PCMA", start.codec());
        connection.send(listen);
        during.run(connection);
        List<Event.ListenOverflow> overflows = new ArrayList<>();
        Event.SessionEnd end = null;
        while (end == null) {
            Event event = connection.await(e -> e instanceof Event.ListenOverflow || e instanceof Event.SessionEnd,
                    Duration.ofMillis(playMs).plus(WAIT));
            if (event instanceof Event.ListenOverflow overflow) {
                overflows.add(overflow);
            } else {
                end = (Event.SessionEnd) event;
            }
        }
        Sipp.Result result = sipp.join();
        assertEquals(0, result.exitCode(), "SIPp: " + result.tail());
        assertEquals(Event.EndReason.CALLER_HANGUP, end.reason());
        List<Frame> frames = connection.takeBinary().stream().map(Frame::parse).toList();
        return new Heard(frames, overflows, end);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ListenEndToEndTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Packet> speech() throws IOException {
        Sipp.required(Files.isReadable(G711A) ? java.util.Optional.of(G711A.toString()) : java.util.Optional.empty(),
                G711A + " is missing (apt-get install sip-tester; .ci/run does this)");
        return RtpPcap.read(G711A);
    }

    /** The capture as PCMU: every A-law byte expanded and compressed as μ-law, payload type 0. */
    private static List<Packet> asPcmu(List<Packet> capture) {
        return capture.stream().map(p -> p.with(PCMU, alawToUlaw(p.payload()))).toList();
    }

    private static byte[] alawToUlaw(byte[] alaw) {
        byte[] ulaw = new byte[alaw.length];
        for (int i = 0; i < alaw.length; i++) {
            ulaw[i] = G711Codec.PCMU.encode(G711Codec.PCMA.decode(alaw[i]));
        }
        return ulaw;
    }

    private static byte[] payloads(List<Packet> capture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        capture.forEach(p -> out.writeBytes(p.payload()));
        return out.toByteArray();
    }

    private static void assertOnTheTimeline(List<Frame> frames, int expectedCount) {
        assertEquals(expectedCount, frames.size(), "one frame per 20 ms of the capture");
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            assertEquals(i, f.sequence(), "sequence from 0, +1 per frame");
            assertEquals(frames.get(0).positionMs() + 20L * i, f.positionMs(), "20 ms apart");
            assertEquals(0, f.reserved());
        }
        assertTrue(frames.get(0).positionMs() >= 700, "the first frame after SIPp's 700 ms pause: "
                + frames.get(0).positionMs() + " ms after the answer");
    }

    @Test
    void ulawIsTheCallersPcmuPayloadByteForByteInOrder() throws Exception {
        List<Packet> capture = asPcmu(speech());
        Heard heard = call("listen-pcmu", capture, PCMU, Command.Listen.start(AudioFormat.ULAW, 8000), c -> { });

        byte[] sent = payloads(capture);
        assertOnTheTimeline(heard.frames(), sent.length / MediaFrame.BYTES);
        assertTrue(heard.frames().stream().noneMatch(Frame::lost), "nothing was lost on loopback");
        assertArrayEquals(sent, heard.audio(), "the bot hears exactly the caller's payload bytes, 30 ms packets"
                + " cut into 20 ms frames");
        assertEquals(List.of(), heard.overflows());
    }

    @Test
    void ulawFromAPcmaCallIsConvertedSampleBySample() throws Exception {
        List<Packet> capture = speech();
        Heard heard = call("listen-pcma", capture, PCMA, Command.Listen.start(AudioFormat.ULAW, 8000), c -> { });

        byte[] sent = payloads(capture);
        assertOnTheTimeline(heard.frames(), sent.length / MediaFrame.BYTES);
        assertArrayEquals(alawToUlaw(sent), heard.audio());
    }

    @Test
    void packetsLeftOutOfTheCaptureArriveAsLostFramesOfSilence() throws Exception {
        List<Packet> full = asPcmu(speech());
        Set<Integer> dropped = Set.of(40, 41, 100, 150);
        List<Packet> capture = new ArrayList<>();
        for (int i = 0; i < full.size(); i++) {
            if (!dropped.contains(i)) {
                capture.add(full.get(i));
            }
        }
        // What the bot should hear: each sample where the caller's timestamps put it, silence where none came.
        int firstTs = full.get(0).timestamp();
        byte[] expected = payloads(full);
        BitSet missing = new BitSet(expected.length);
        for (int i : dropped) {
            int from = full.get(i).timestamp() - firstTs;
            java.util.Arrays.fill(expected, from, from + full.get(i).payload().length, G711Codec.PCMU.silence());
            missing.set(from, from + full.get(i).payload().length);
        }
        Heard heard = call("listen-gaps", capture, PCMU, Command.Listen.start(AudioFormat.ULAW, 8000), c -> { });

        assertOnTheTimeline(heard.frames(), expected.length / MediaFrame.BYTES);
        List<Long> lost = new ArrayList<>();
        List<Long> expectedLost = new ArrayList<>();
        for (Frame f : heard.frames()) {
            if (f.lost()) {
                lost.add(f.sequence());
            }
            int start = (int) f.sequence() * MediaFrame.BYTES;
            if (missing.get(start, start + MediaFrame.BYTES).cardinality() > 0) {
                expectedLost.add(f.sequence());
            }
        }
        assertEquals(expectedLost, lost, "exactly the frames the missing packets covered are marked lost");
        assertArrayEquals(expected, heard.audio(), "the rest is the caller's bytes, in place");
    }

    /** {@code ms} of a sine as PCMU packets of 20 ms, captured 20 ms apart. */
    private static List<Packet> tone(double hz, int amplitude, int ms) {
        List<Packet> packets = new ArrayList<>();
        for (int f = 0; f < ms / MediaFrame.MS; f++) {
            byte[] payload = new byte[MediaFrame.BYTES];
            for (int i = 0; i < payload.length; i++) {
                double t = (f * MediaFrame.SAMPLES + i) / (double) MediaFrame.SAMPLE_RATE;
                payload[i] = G711Codec.PCMU.encode((short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * t)));
            }
            packets.add(Packet.of(f * MediaFrame.NANOS, PCMU, 1000 + f, 5000 + f * MediaFrame.SAMPLES, 0x5A5A, payload));
        }
        return packets;
    }

    @Test
    void l16At16kHzCarriesACallersToneAtItsPitchAndLevel() throws Exception {
        double hz = 1000;
        int amplitude = 8000;
        Heard heard = call("listen-tone", tone(hz, amplitude, 2000), PCMU, Command.Listen.start(AudioFormat.L16, 16000),
                c -> { });

        assertOnTheTimeline(heard.frames(), 100);
        short[] wide = new short[heard.frames().size() * 320];
        int n = 0;
        for (Frame f : heard.frames()) {
            assertEquals(640, f.payload().length, "20 ms of 16 kHz 16-bit samples");
            ByteBuffer b = ByteBuffer.wrap(f.payload()).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                wide[n++] = b.getShort();
            }
        }
        int from = 1600; // past the resampler's first 100 ms
        int crossings = 0;
        double squares = 0;
        for (int i = from; i < n; i++) {
            crossings += (wide[i - 1] < 0) != (wide[i] < 0) ? 1 : 0;
            squares += (double) wide[i] * wide[i];
        }
        double measuredHz = crossings / 2.0 / ((n - from) / 16000.0);
        double rms = Math.sqrt(squares / (n - from));
        double expectedRms = amplitude / Math.sqrt(2);
        assertEquals(hz, measuredHz, 5, "pitch by zero crossings");
        assertEquals(expectedRms, rms, expectedRms * 0.03, "level (RMS)");
    }

    @Test
    void aBotThatStopsReadingLosesTheOldestAudioIsToldHowMuchAndTheCallGoesOn() throws Exception {
        long droppedBefore = overflowDropped();
        Heard heard = call("listen-slow", tone(440, 4000, 12_000), PCMU, Command.Listen.start(AudioFormat.L16, 16000),
                connection -> {
                    connection.pauseReading();
                    // Some 5 s of audio fill the TCP buffers and Sayline's bounded queue; then a second is dropped.
                    Await.until(() -> overflowDropped() - droppedBefore >= 50, Duration.ofSeconds(10),
                            "Sayline dropping a second of audio for the bot that stopped reading");
                    connection.resumeReading();
                });

        assertTrue(!heard.overflows().isEmpty(), "listen.overflow after the bot caught up");
        long reported = heard.overflows().stream().mapToLong(Event.ListenOverflow::dropped).sum();
        List<Frame> frames = heard.frames();
        long last = frames.get(frames.size() - 1).sequence();
        assertEquals(599, last, "the audio went on to the end of the 12 s");
        long missing = last + 1 - frames.size();
        assertTrue(missing >= 50, "frames were dropped: " + missing);
        assertEquals(missing, reported, "listen.overflow counts exactly the frames the bot did not get");
        for (int i = 1; i < frames.size(); i++) {
            assertTrue(frames.get(i).sequence() > frames.get(i - 1).sequence(), "in order, the oldest dropped");
        }
        assertEquals(reported, overflowDropped() - droppedBefore, "/metrics counts them too");
    }

    private static long overflowDropped() {
        Matcher m = OVERFLOW_METRIC.matcher(sayline.server().metrics().render());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
