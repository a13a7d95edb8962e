package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Command.Listen.AudioFormat;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.ListenFrame;
import io.sayline.core.testing.Await;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.tools.analyse.RtpPcap;
import io.sayline.tools.bots.BotServer;
import io.sayline.tools.bots.RelayBot;
import io.sayline.tools.bots.RelayHub;
import io.sayline.tools.analyse.RtpPcap.Packet;
import io.sayline.tools.interop.Sipp;
import io.sayline.tools.load.MetricsScrape;
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
import java.util.concurrent.CopyOnWriteArrayList;
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
    private static final int PCMU = 0;
    private static final int PCMA = 8;

    @TempDir
    static Path dir;
    private static RawBot bot;
    private static BotServer relayBot;
    private static final List<String> relayed = new CopyOnWriteArrayList<>();
    private static E2eServer sayline;
    private static Path records;

    @BeforeAll
    static void startAll() throws Exception {
        // A small receive window, so that a bot that stops reading backs Sayline up within seconds.
        bot = new RawBot(4096);
        // The example relay bot, as `relay-bot --listen ulaw` runs it: users raw* go to the RawBot, the others here.
        RelayHub hub = new RelayHub(problem -> relayed.add("problem: " + problem));
        relayBot = BotServer.start("127.0.0.1", 0, RelayBot.NAME,
                () -> new RelayBot(hub, relayed::add, RelayBot.listen("ulaw")));
        records = dir.resolve("calls.jsonl");
        sayline = E2eServer.start(dir, "38600-38799", E2eServer.yaml(null, relayBot.uri().toString(), bot.url(),
                "records: { path: \"" + records + "\" }\n"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        E2eServer.closeAll(sayline, bot, relayBot);
    }

    /** What the bot saw of one call. */
    record Heard(String callId, List<ListenFrame> frames, List<Event.ListenOverflow> overflows, Event.SessionEnd end) {
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

    /** SIPp calling {@code user}, offering only {@code payloadType}; it replays {@code capture} and hangs up. */
    private record SippCall(CompletableFuture<Sipp.Result> result, long playMs) {
        static SippCall start(String user, List<Packet> capture, int payloadType) throws IOException {
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
            return new SippCall(CompletableFuture.supplyAsync(() -> {
                try {
                    return Sipp.run(dir, 60, "-sf", scenario.toString(), "-s", user, "-m", "1",
                            "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                            "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + sayline.sipPort());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }), playMs);
        }

        void assertHungUp() {
            Sipp.Result done = result.join();
            assertEquals(0, done.exitCode(), "SIPp: " + done.tail());
        }
    }

    /**
     * SIPp calls {@code user} (a {@code raw*} user: the {@link RawBot}) offering only {@code payloadType}, replays
     * {@code capture} and hangs up; the bot asks for {@code listen} on {@code session.start} and collects
     * everything until {@code session.end}.
     */
    private static Heard call(String user, List<Packet> capture, int payloadType, Command.Listen listen, During during)
            throws Exception {
        SippCall sipp = SippCall.start(user, capture, payloadType);
        long playMs = sipp.playMs();
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
        sipp.assertHungUp();
        assertEquals(Event.EndReason.CALLER_HANGUP, end.reason());
        List<ListenFrame> frames = connection.takeBinary().stream()
                .map(bytes -> ListenFrame.decode(Unpooled.wrappedBuffer(bytes))).toList();
        return new Heard(start.callId(), frames, overflows, end);
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

    private static void assertOnTheTimeline(List<ListenFrame> frames, int expectedCount) {
        assertOnTheTimeline(frames, expectedCount, 700); // SIPp's pause between its ACK and the capture
    }

    private static void assertOnTheTimeline(List<ListenFrame> frames, int expectedCount, long earliestMs) {
        assertEquals(expectedCount, frames.size(), "one frame per 20 ms of the capture");
        for (int i = 0; i < frames.size(); i++) {
            ListenFrame f = frames.get(i);
            assertEquals(i, f.sequence(), "sequence from 0, +1 per frame");
            assertEquals(frames.get(0).positionMs() + 20L * i, f.positionMs(), "20 ms apart");
            assertEquals(0, f.reserved());
        }
        assertTrue(frames.get(0).positionMs() >= earliestMs, "the first frame " + frames.get(0).positionMs()
                + " ms after the answer, expected from " + earliestMs);
    }

    @Test
    void ulawIsTheCallersPcmuPayloadByteForByteInOrder() throws Exception {
        List<Packet> capture = asPcmu(speech());
        Heard heard = call("raw-listen-pcmu", capture, PCMU, Command.Listen.start(AudioFormat.ULAW, 8000), c -> { });

        byte[] sent = payloads(capture);
        assertOnTheTimeline(heard.frames(), sent.length / MediaFrame.BYTES);
        assertTrue(heard.frames().stream().noneMatch(ListenFrame::lost), "nothing was lost on loopback");
        assertArrayEquals(sent, heard.audio(), "the bot hears exactly the caller's payload bytes, 30 ms packets"
                + " cut into 20 ms frames");
        assertEquals(List.of(), heard.overflows());
    }

    @Test
    void ulawFromAPcmaCallIsConvertedSampleBySample() throws Exception {
        List<Packet> capture = speech();
        Heard heard = call("raw-listen-pcma", capture, PCMA, Command.Listen.start(AudioFormat.ULAW, 8000), c -> { });

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
        Heard heard = call("raw-listen-gaps", capture, PCMU, Command.Listen.start(AudioFormat.ULAW, 8000), c -> { });

        assertOnTheTimeline(heard.frames(), expected.length / MediaFrame.BYTES);
        List<Long> lost = new ArrayList<>();
        List<Long> expectedLost = new ArrayList<>();
        for (ListenFrame f : heard.frames()) {
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
        JsonNode record = record(heard.callId());
        assertEquals(heard.frames().size(), record.get("callerFrames").asLong());
        assertEquals(lost.size(), record.get("callerFramesLost").asLong());
        assertEquals(heard.frames().size(), record.get("listenFramesSent").asLong());
        assertEquals(0, record.get("listenFramesDropped").asLong());
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
        Heard heard = call("raw-listen-tone", tone(hz, amplitude, 2000), PCMU, Command.Listen.start(AudioFormat.L16, 16000),
                c -> { });

        assertOnTheTimeline(heard.frames(), 100);
        short[] wide = new short[heard.frames().size() * 320];
        int n = 0;
        for (ListenFrame f : heard.frames()) {
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
        Heard heard = call("raw-listen-slow", tone(440, 4000, 12_000), PCMU, Command.Listen.start(AudioFormat.L16, 16000),
                connection -> {
                    connection.pauseReading();
                    // Some 5 s of audio fill the TCP buffers and Sayline's bounded queue; then a second is dropped.
                    Await.until(() -> overflowDropped() - droppedBefore >= 50, Duration.ofSeconds(10),
                            "Sayline dropping a second of audio for the bot that stopped reading");
                    connection.resumeReading();
                });

        assertTrue(!heard.overflows().isEmpty(), "listen.overflow after the bot caught up");
        long reported = heard.overflows().stream().mapToLong(Event.ListenOverflow::dropped).sum();
        List<ListenFrame> frames = heard.frames();
        long last = frames.get(frames.size() - 1).sequence();
        assertEquals(599, last, "the audio went on to the end of the 12 s");
        long missing = last + 1 - frames.size();
        assertTrue(missing >= 50, "frames were dropped: " + missing);
        assertEquals(missing, reported, "listen.overflow counts exactly the frames the bot did not get");
        for (int i = 1; i < frames.size(); i++) {
            assertTrue(frames.get(i).sequence() > frames.get(i - 1).sequence(), "in order, the oldest dropped");
        }
        assertEquals(reported, overflowDropped() - droppedBefore, "/metrics counts them too");
        JsonNode record = record(heard.callId());
        assertEquals(reported, record.get("listenFramesDropped").asLong(), "and the call record");
        assertEquals(frames.size(), record.get("listenFramesSent").asLong());
        assertEquals(600, record.get("callerFrames").asLong());
    }

    @Test
    void listenSentBeforeTheCallersAckAppliesFromTheFirstFrame() throws Exception {
        try (Caller caller = Caller.dialWithoutAck(sayline.sipPort(), "raw-early")) {
            RawBot.Connection connection = bot.awaitConnection(WAIT);
            connection.await(Event.SessionStart.class, WAIT);
            connection.send(Command.Listen.start(AudioFormat.ULAW, 8000));
            // The command is on its way before media starts; a mark after it comes back once it was handled.
            connection.send(new Command.Mark("after-listen"));
            connection.await(Event.Mark.class, WAIT);
            caller.ack();
            // Sayline's own RTP shows that the ACK was handled (caller packets before it are not the call's media).
            Await.until(() -> !caller.rtp.packets().isEmpty(), WAIT, "RTP from Sayline");
            caller.sendTone(500, 4000, 200);
            Await.until(() -> connection.binaryCount() >= 10, WAIT, "the 10 frames of the caller's 200 ms");
            List<ListenFrame> frames = connection.takeBinary().stream()
                    .map(bytes -> ListenFrame.decode(Unpooled.wrappedBuffer(bytes))).toList();
            assertEquals(0, frames.get(0).sequence(), "nothing missed: the first caller frame is the first sent");
            assertOnTheTimeline(frames, 10, 0);
            caller.bye();
            connection.await(Event.SessionEnd.class, WAIT);
        }
    }

    @Test
    void listenEndsWithItsConnectionAndNothingCountsAsDroppedOnceTheBotIsGone() throws Exception {
        long droppedBefore = overflowDropped();
        try (Caller caller = Caller.dial(sayline.sipPort(), "raw-gone")) {
            RawBot.Connection first = bot.awaitConnection(WAIT);
            String callId = first.await(Event.SessionStart.class, WAIT).callId();
            first.send(Command.Listen.start(AudioFormat.ULAW, 8000));
            Await.until(() -> !caller.rtp.packets().isEmpty(), WAIT, "RTP from Sayline");
            CompletableFuture<Void> talking = CompletableFuture.runAsync(() -> {
                try {
                    caller.sendTone(300, 4000, 4000); // on through the reconnection and the apology
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(() -> first.binaryCount() >= 5, WAIT, "caller audio on the first connection");
            first.drop();

            RawBot.Connection second = bot.awaitConnection(WAIT);
            assertTrue(second.await(Event.SessionStart.class, WAIT).resumed());
            second.send(new Command.Mark("resumed")); // a round trip: what Sayline sent before it has arrived
            second.await(Event.Mark.class, WAIT);
            assertEquals(0, second.binaryCount(), "listen belonged to the first connection");
            second.send(Command.Listen.start(AudioFormat.ULAW, 8000));
            Await.until(() -> second.binaryCount() >= 5, WAIT, "caller audio on the resumed connection, asked again");
            second.drop(); // gone for good: the caller hears the apology, then the call ends

            JsonNode record = record(callId);
            talking.join();
            assertEquals(0, record.get("listenFramesDropped").asLong(), "no audio counted as dropped for a bot that is gone");
            assertEquals(droppedBefore, overflowDropped());
            assertTrue(record.get("listenFramesSent").asLong() >= 10, record.toString());
        }
    }

    @Test
    void theRelayBotReportsTheCallersAudioOnceASecond() throws Exception {
        List<Packet> capture = speech();
        SippCall sipp = SippCall.start("relay-listen", capture, PCMA);
        Await.until(() -> relayed.stream().anyMatch(line -> line.startsWith("{\"type\":\"session.end\"")),
                Duration.ofMillis(sipp.playMs()).plus(WAIT), "the relayed call's session.end");
        sipp.assertHungUp();

        List<String> reports = relayed.stream().filter(line -> line.startsWith("{\"relay\":\"audio\"")).toList();
        long frames = 0;
        for (String report : reports) {
            frames += number(report, "frames");
            assertEquals(0, number(report, "lost"), report);
            assertEquals(0, number(report, "missing"), report);
            assertEquals(number(report, "frames") * MediaFrame.BYTES, number(report, "bytes"), report);
        }
        assertEquals(payloads(capture).length / MediaFrame.BYTES, frames, "every frame of the capture: " + reports);
        assertEquals(frames - 1, number(reports.get(reports.size() - 1), "lastSequence"));
        assertEquals((frames + RelayBot.FRAMES_PER_REPORT - 1) / RelayBot.FRAMES_PER_REPORT, reports.size(),
                "a line per second of audio and one for the rest: " + reports);
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Long.parseLong(m.group(1));
    }

    /** The call record of {@code callId}, once written. */
    private static JsonNode record(String callId) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode[] found = new JsonNode[1];
        Await.until(() -> {
            try {
                for (String line : Files.exists(records) ? Files.readAllLines(records) : List.<String>of()) {
                    JsonNode record = json.readTree(line);
                    if (record.get("callId").asText().equals(callId)) {
                        found[0] = record;
                        return true;
                    }
                }
            } catch (IOException e) {
                return false; // a line still being written: read again
            }
            return false;
        }, WAIT, "the call record of " + callId);
        return found[0];
    }

    private static long overflowDropped() {
        return MetricsScrape.parse(sayline.server().metrics().render())
                .getOrDefault("sayline_listen_frames_total{outcome=\"overflow-dropped\"}", 0.0).longValue();
    }
}
