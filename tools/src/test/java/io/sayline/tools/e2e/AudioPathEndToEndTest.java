package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.CommandLine;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.server.SaylineServer;
import io.sayline.core.testing.RtpCapture;
import io.sayline.core.testing.TestBot;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.sip.TestUac;
import io.sayline.tools.analyse.ToneLevel;
import io.sayline.tools.elsim.ElevenLabsSimulator;
import io.sayline.tools.elsim.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sip.ResponseEvent;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audio acceptance of the "Audio pipeline" issue (#3), measured at the caller's RTP socket: the simulator
 * speaks 1 kHz + 2 kHz (in band) mixed with 4.7 kHz + 5.3 kHz (above 4 kHz) at each vendor format; the caller
 * decodes the talkspurt (60 ms cut at each end) and measures the level at each frequency with
 * {@link ToneLevel} (windowed DFT).
 *
 * <p>Reference for the levels: dBFS of the decoded G.711 signal, a full-scale sine being 0 dBFS. The
 * simulator puts each tone at 0.2 of full scale (−14 dBFS); a resampler that aliased the 4.7 and 5.3 kHz
 * tones would put lines at 8 − 4.7 = 3.3 kHz and 8 − 5.3 = 2.7 kHz. Bars: the two in-band tones within
 * 1 dB of each other, and at most −60 dBFS at 2.7 and 3.3 kHz. Each measurement is printed as
 * {@code [audio acceptance] ...}. Measured: in-band −13.8 dBFS (PCM), −14.4 (MP3), spread ≤ 0.06 dB;
 * 2.7/3.3 kHz below −84 dBFS everywhere. Through μ-law the PCM formats read about −240 dBFS there: 1 + 2 kHz
 * repeat every 8 samples at 8 kHz and the resampler's residue (≤ −84 dBFS, under one μ-law step) rounds
 * away, so the caller gets an exactly periodic signal with lines only at multiples of 1 kHz.
 *
 * <p>Also: pcm_8000 arrives as the ITU-T G.191 μ-law of the simulator's PCM, bit for bit (expectation from
 * an independent port of the STL {@code ulaw_compress}, below), and ulaw_8000 arrives byte-identical.
 */
class AudioPathEndToEndTest {
    private static final String API_KEY = "sk-audio-e2e";
    private static final String VOICE = "voice-audio";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** 31 characters at the simulator's 60 ms per character: 1.86 s of tones. */
    private static final String SENTENCE = "Tones for the audio path check.";
    private static final double SPEECH_LEVEL = 300;
    private static final int EDGE_SAMPLES = 480;
    private static final int RATE = 8000;
    private static final double MAX_SPREAD_DB = 1.0;
    private static final double MAX_ALIAS_DBFS = -60;
    private static final List<String> FORMATS = List.of("pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100",
            "mp3_44100_128", "mp3_22050_32", "pcm_8000", "ulaw_8000");

    private static ElevenLabsSimulator sim;
    private static TestBot bot;
    private static SaylineServer server;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        sim = ElevenLabsSimulator.builder().port(0).apiKey(API_KEY).signal("tones:1000,2000,4700,5300").build().start();
        bot = new TestBot();
        StringBuilder yaml = new StringBuilder("routes:\n");
        FORMATS.forEach(f -> yaml.append("  - { match: \"^").append(f).append("$\", bot: \"").append(bot.url())
                .append("\", tts: ").append(f.replace('_', '-')).append(" }\n"));
        yaml.append("tts:\n  embedded: { provider: embedded }\n");
        FORMATS.forEach(f -> yaml.append("  ").append(f.replace('_', '-')).append(": { provider: elevenlabs, apiKey: ")
                .append(API_KEY).append(", voiceId: ").append(VOICE).append(", baseUrl: \"").append(sim.httpBase())
                .append("\", streaming: http, outputFormat: ").append(f).append(", fallback: embedded }\n"));
        config = Files.createTempFile("sayline-audio", ".yaml");
        Files.writeString(config, yaml);
        server = SaylineServer.start(CommandLine.parse("--bind", "127.0.0.1", "--sip-port", "0", "--http-port", "0",
                "--rtp-ports", "37200-37399", "--config", config.toString()).load(Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (bot != null) {
            bot.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (config != null) {
            Files.deleteIfExists(config);
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        sim.clearReceived();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "mp3_44100_128", "mp3_22050_32"})
    void inBandTonesAreLevelAndNothingAliasesBelow4kHz(String format) throws Exception {
        assertTones(format, G711Codec.PCMU, speak(format, G711Codec.PCMU));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pcm_16000", "pcm_44100"})
    void aCallerOfferingOnlyPcmaGetsTheSameTonesInALaw(String format) throws Exception {
        assertTones(format + " as PCMA", G711Codec.PCMA, speak(format, G711Codec.PCMA));
    }

    @Test
    void pcm8000ArrivesAsTheItuMuLawOfTheVendorsSamplesBitForBit() throws Exception {
        byte[] received = allPayloads(speak("pcm_8000", G711Codec.PCMU));
        byte[] pcm = sameRequestDirectly();
        byte[] expected = new byte[pcm.length / 2];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) ituUlawCompress((short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8)));
        }
        assertTrue(expected.length > RATE, "a second of audio at least, was " + expected.length);
        assertContains(received, expected, "pcm_8000");
    }

    @Test
    void ulaw8000ArrivesByteIdentical() throws Exception {
        byte[] received = allPayloads(speak("ulaw_8000", G711Codec.PCMU));
        byte[] sent = sameRequestDirectly();
        assertTrue(sent.length > RATE, "a second of audio at least, was " + sent.length);
        assertContains(received, sent, "ulaw_8000");
    }

    /** Dials {@code format}'s route offering only {@code codec}, has the bot say the sentence, returns the caller's packets. */
    private static List<RtpCapture.Received> speak(String format, G711Codec codec) throws Exception {
        try (TestUac uac = new TestUac(server.sipPort(), "udp"); RtpCapture caller = new RtpCapture()) {
            uac.send(uac.request(Request.INVITE, format, offer(caller.port(), codec)));
            ResponseEvent ok = uac.awaitResponse(200);
            assertNotNull(ok, "no 200 OK for " + format);
            uac.ack(ok, null);
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            session.send(Command.Say.sentence("u1", SENTENCE));
            session.await(Event.SpeechDone.class, WAIT);
            // speech.done leaves when the last frame is sent; wait until it has been received too.
            caller.awaitArrivalsAfter(System.nanoTime(), 2, WAIT);
            uac.sendInDialog(ok.getDialog(), ok.getDialog().createRequest(Request.BYE));
            uac.awaitResponse(200);
            return List.copyOf(caller.packets());
        }
    }

    private static String offer(int rtpPort, G711Codec codec) {
        int pt = codec.payloadType();
        return "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP " + pt + "\r\na=rtpmap:" + pt + " " + (pt == 0 ? "PCMU" : "PCMA")
                + "/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    /** Tone levels over the talkspurt (first to last loud frame, 60 ms cut at each end), checked and printed. */
    private static void assertTones(String what, G711Codec codec, List<RtpCapture.Received> packets) {
        byte[] talkspurt = payloads(packets, codec);
        short[] samples = new short[talkspurt.length];
        codec.decode(talkspurt, 0, talkspurt.length, samples, 0);
        assertTrue(samples.length - 2 * EDGE_SAMPLES > RATE, what + ": a second of audio at least, was " + samples.length);
        int from = EDGE_SAMPLES;
        int to = samples.length - EDGE_SAMPLES;
        double low = ToneLevel.dbfs(samples, from, to, 1000, RATE);
        double high = ToneLevel.dbfs(samples, from, to, 2000, RATE);
        double alias27 = ToneLevel.dbfs(samples, from, to, 2700, RATE);
        double alias33 = ToneLevel.dbfs(samples, from, to, 3300, RATE);
        String levels = String.format(Locale.ROOT, "%s over %.2f s: 1 kHz %.2f, 2 kHz %.2f, 2.7 kHz %.1f, 3.3 kHz %.1f dBFS",
                what, (to - from) / (double) RATE, low, high, alias27, alias33);
        System.out.println("[audio acceptance] " + levels);
        assertTrue(low > -30 && high > -30, "in-band tones well above the alias bar: " + levels);
        assertTrue(Math.abs(low - high) <= MAX_SPREAD_DB, "in-band spread: " + levels);
        assertTrue(alias27 <= MAX_ALIAS_DBFS && alias33 <= MAX_ALIAS_DBFS, "aliases: " + levels);
    }

    /** Payload bytes of {@code codec}'s packets from the first to the last loud one, in sequence order. */
    private static byte[] payloads(List<RtpCapture.Received> packets, G711Codec codec) {
        List<RtpCapture.Received> audio = new ArrayList<>(packets.stream()
                .filter(p -> p.payloadType() == codec.payloadType()).collect(Collectors.toList()));
        int first = -1;
        int last = -1;
        for (int i = 0; i < audio.size(); i++) {
            if (level(audio.get(i), codec) > SPEECH_LEVEL) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        assertTrue(first >= 0, "no loud " + codec + " frame among " + packets.size() + " packets");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int expectedSequence = audio.get(first).sequence();
        for (RtpCapture.Received p : audio.subList(first, last + 1)) {
            assertEquals(expectedSequence, p.sequence(), "a lost or reordered packet inside the talkspurt");
            expectedSequence = (expectedSequence + 1) & 0xFFFF;
            out.write(p.data(), 12, p.payloadLength());
        }
        return out.toByteArray();
    }

    /** Every PCMU payload byte the caller got, in arrival order (silence before and after included). */
    private static byte[] allPayloads(List<RtpCapture.Received> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        packets.stream().filter(p -> p.payloadType() == G711Codec.PCMU.payloadType())
                .forEach(p -> out.write(p.data(), 12, p.payloadLength()));
        return out.toByteArray();
    }

    private static double level(RtpCapture.Received p, G711Codec codec) {
        double sum = 0;
        for (int i = 0; i < p.payloadLength(); i++) {
            sum += Math.abs(codec.decode(p.data()[12 + i]));
        }
        return sum / Math.max(1, p.payloadLength());
    }

    /** Sends the request Sayline made (path, query, body) to the simulator again and returns the audio bytes. */
    private static byte[] sameRequestDirectly() throws Exception {
        List<RecordedRequest> requests = sim.received().stream()
                .filter(r -> r.kind() == RecordedRequest.Kind.HTTP && r.path() != null && r.path().startsWith("/v1/"))
                .collect(Collectors.toList());
        assertEquals(1, requests.size(), "one vendor request: " + requests);
        RecordedRequest r = requests.get(0);
        String query = r.query().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        HttpRequest again = HttpRequest.newBuilder(URI.create(sim.httpBase() + r.path() + (query.isEmpty() ? "" : "?" + query)))
                .header("xi-api-key", API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(r.body())).timeout(WAIT).build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(again, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body()));
        if (!r.path().endsWith("/with-timestamps")) {
            return response.body();
        }
        // One JSON object per chunk, the audio in "audio_base64" (docs/elevenlabs.md, "Stream with timestamps").
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        try (MappingIterator<JsonNode> chunks = new ObjectMapper().readerFor(JsonNode.class).readValues(response.body())) {
            while (chunks.hasNext()) {
                JsonNode chunk = chunks.next();
                if (chunk.hasNonNull("audio_base64")) {
                    audio.writeBytes(Base64.getDecoder().decode(chunk.get("audio_base64").asText()));
                }
            }
        }
        return audio.toByteArray();
    }

    /** {@code expected} must appear in {@code received} as one contiguous run. */
    private static void assertContains(byte[] received, byte[] expected, String what) {
        for (int at = 0; at + expected.length <= received.length; at++) {
            if (java.util.Arrays.equals(received, at, at + expected.length, expected, 0, expected.length)) {
                return;
            }
        }
        throw new AssertionError(what + ": the " + expected.length + " expected bytes are not in the " + received.length
                + " received");
    }

    /**
     * ITU-T G.191 STL2009 {@code g711.c} {@code ulaw_compress}, ported line by line (C short arithmetic) and
     * kept apart from the code under test, so the expectation cannot share its bugs.
     */
    private static int ituUlawCompress(short lin) {
        short absno = (short) (lin < 0 ? ((~lin) >> 2) + 33 : (lin >> 2) + 33);
        if (absno > 0x1FFF) {
            absno = 0x1FFF;
        }
        short i = (short) (absno >> 6);
        short segno = 1;
        while (i != 0) {
            segno++;
            i >>= 1;
        }
        short highNibble = (short) (0x0008 - segno);
        short lowNibble = (short) ((absno >> segno) & 0x000F);
        lowNibble = (short) (0x000F - lowNibble);
        short log = (short) ((highNibble << 4) | lowNibble);
        if (lin >= 0) {
            log = (short) (log | 0x0080);
        }
        return log & 0xFF;
    }
}
