package io.sayline.tools.elsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sayline.config.SttVendorConfig;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.CallerTimeline;
import io.sayline.core.listen.ListenCounters;
import io.sayline.core.stt.SttCounters;
import io.sayline.core.stt.SttVendors;
import io.sayline.core.stt.Transcriber;
import io.sayline.core.testing.Await;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.packet.RtpPacket;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sayline's {@link Transcriber} fed by a real caller timeline, talking to the simulator over a real WebSocket:
 * what goes on the wire (μ-law bit for bit, chunks of {@code chunkMs}) and how the transcripts come back.
 */
class TranscriberAgainstSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FRAME = 160;

    private ElevenLabsSimulator sim;
    private SttVendors vendors;
    private DefaultEventLoop loop;
    /** The vendor I/O loop: a real Netty event loop, since the vendor's WebSocket is a channel registered on it. */
    private NioEventLoopGroup io;
    private CallerTimeline timeline;
    private Transcriber transcriber;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final SttCounters counters = new SttCounters();
    private int sequence;

    @BeforeEach
    void start() throws Exception {
        sim = SimTestSupport.signalSim().build().start();
        SttVendorConfig block = new SttVendorConfig("elevenlabs", SimTestSupport.KEY, sim.httpBase(),
                "scribe_v2_realtime", "en", "vad", 0.4, 0.4, 100, 100, false, 40, 2000, 1);
        vendors = SttVendors.create(Map.of("scribe", block));
        loop = new DefaultEventLoop();
        io = new NioEventLoopGroup(1);
        timeline = new CallerTimeline(System::nanoTime, new ListenCounters());
        transcriber = new Transcriber("call-1", loop, io.next(), vendors, counters, new Transcriber.Sink() {
            @Override
            public void transcript(Event.Transcript transcript) {
                events.add(transcript);
            }

            @Override
            public void sttError(Event.SttError error) {
                events.add(error);
            }
        });
        onLoop(() -> {
            timeline.subscribe(transcriber);
            timeline.answeredAt(System.nanoTime());
        });
    }

    @AfterEach
    void stop() throws Exception {
        onLoop(transcriber::stop);
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        io.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        vendors.close();
        sim.close();
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void theCallersAudioGoesOutAsMuLawBitForBitInChunksOfChunkMs(G711Codec codec) throws Exception {
        onLoop(() -> transcriber.start("scribe", null));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int f = 0; f < 10; f++) {
            byte[] payload = new byte[FRAME];
            for (int i = 0; i < FRAME; i++) {
                payload[i] = (byte) (f * 31 + i * 7); // every code, PCMA's and PCMU's alike
            }
            feed(payload, codec);
            for (byte b : payload) {
                sent.write(codec == G711Codec.PCMU ? b : G711Codec.PCMU.encode(codec.decode(b)));
            }
        }
        Await.until(() -> chunks().size() == 5, WAIT, "five 40 ms chunks at the simulator");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (JsonNode chunk : chunks()) {
            byte[] audio = Base64.getDecoder().decode(chunk.get("audio_base_64").asText());
            assertEquals(2 * FRAME, audio.length, "40 ms of 8 kHz μ-law");
            assertEquals(8000, chunk.get("sample_rate").asInt());
            received.writeBytes(audio);
        }
        assertEquals(List.of(), diff(sent.toByteArray(), received.toByteArray()), codec + ": positions that differ");
        assertTrue(sim.received().stream().anyMatch(r -> r.kind() == RecordedRequest.Kind.WS_OPEN
                && "ulaw_8000".equals(r.query().get("audio_format")) && "en".equals(r.query().get("language_code"))));
    }

    @Test
    void partialsAndTheFinalArePlacedOnTheCallerTimeline() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("hello there"))));
        onLoop(() -> transcriber.start("scribe", null));
        for (int f = 0; f < 10; f++) {
            feed(tone(0), G711Codec.PCMU);      // 200 ms of silence
        }
        for (int f = 0; f < 25; f++) {
            feed(tone(12000), G711Codec.PCMU);  // 500 ms of speech
        }
        for (int f = 0; f < 30; f++) {
            feed(tone(0), G711Codec.PCMU);      // 600 ms of silence: past the 0.4 s threshold
        }
        Await.until(() -> events.stream().anyMatch(e -> e instanceof Event.Transcript t && t.isFinal()), WAIT,
                "the final transcript");
        List<Event.Transcript> transcripts = new ArrayList<>();
        events.forEach(e -> transcripts.add((Event.Transcript) e));
        assertEquals(List.of("hello", "hello there", "hello there"),
                transcripts.stream().map(Event.Transcript::text).toList());
        assertEquals(List.of(false, false, true), transcripts.stream().map(Event.Transcript::isFinal).toList());
        for (Event.Transcript t : transcripts) {
            // The first frame is placed at its arrival, a millisecond or so after the answer.
            assertTrue(t.startMs() >= 0 && t.startMs() < 20, "the phrase's audio started with the call's first frame: " + t);
            assertTrue(t.endMs() > t.startMs() + 300 && t.endMs() <= t.startMs() + 1300,
                    "up to the caller audio received (fed faster than real time here): " + t);
            assertEquals("en", t.language(), "the block's language when the bot named none");
        }
        assertEquals(2, counters.partials.sum());
        assertEquals(1, counters.finals.sum());
    }

    @Test
    void aDroppedStreamIsReportedReconnectedAndTheAudioOfTheGapCounted() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withError(SttKnobs.CLOSE, 100, 1));
        onLoop(() -> transcriber.start("scribe", null));
        int frames = 0;
        while (events.isEmpty() && frames < 500) {
            feed(tone(0), G711Codec.PCMU);
            frames++;
            Thread.sleep(2);
        }
        Event.SttError error = (Event.SttError) events.get(0);
        assertEquals("connection_lost", error.code());
        assertTrue(error.retrying());
        Await.until(() -> counters.reconnects.sum() == 1, WAIT, "one reconnect");
        for (int f = 0; f < 10; f++) {
            feed(tone(0), G711Codec.PCMU);
        }
        Await.until(() -> sim.received().stream().filter(r -> r.kind() == RecordedRequest.Kind.WS_OPEN).count() == 2,
                WAIT, "the first stream and its replacement at the simulator");
        assertEquals(counters.framesNotSent.sum(), transcriber.framesNotSent());
        System.out.printf("transcriber: %d caller frames not sent while the stream was down%n", transcriber.framesNotSent());
    }

    /**
     * The admin page's services ({@link SttVendors#put}): a save during a transcription changes nothing for it,
     * not even for its reconnect; the next {@code transcribe} gets the saved settings; a removed one is
     * {@code not_configured}.
     */
    @Test
    void aLiveTranscriptionKeepsThePageServiceItStartedWithThroughAReconnect() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withError(SttKnobs.CLOSE, 100, 1));
        vendors.put("page", pageBlock(0.4));
        onLoop(() -> transcriber.start("page", null));
        vendors.put("page", pageBlock(0.7)); // saved on the page while the transcription runs
        int frames = 0;
        while (events.isEmpty() && frames < 500) {
            feed(tone(0), G711Codec.PCMU);
            frames++;
            Thread.sleep(2);
        }
        assertEquals("connection_lost", ((Event.SttError) events.get(0)).code());
        Await.until(() -> handshakeVadThresholds().size() == 2, WAIT, "the first stream and its replacement");
        assertEquals(List.of("0.4", "0.4"), handshakeVadThresholds(), "the reconnect kept the settings");

        onLoop(() -> transcriber.start("page", null)); // the bot's next transcribe
        Await.until(() -> handshakeVadThresholds().size() == 3, WAIT, "the next transcription's stream");
        assertEquals("0.7", handshakeVadThresholds().get(2));

        vendors.remove("page");
        events.clear();
        onLoop(() -> transcriber.start("page", null));
        assertEquals("not_configured", ((Event.SttError) events.get(0)).code());
    }

    private SttVendorConfig pageBlock(double vadThreshold) {
        return new SttVendorConfig("elevenlabs", SimTestSupport.KEY, sim.httpBase(), "scribe_v2_realtime", "en", "vad",
                0.4, vadThreshold, 100, 100, false, 40, 2000, 1);
    }

    private List<String> handshakeVadThresholds() {
        return sim.received().stream().filter(r -> r.kind() == RecordedRequest.Kind.WS_OPEN)
                .map(r -> r.query().get("vad_threshold")).toList();
    }

    private List<JsonNode> chunks() {
        List<JsonNode> out = new ArrayList<>();
        for (RecordedRequest r : sim.received()) {
            if (r.kind() == RecordedRequest.Kind.WS_MESSAGE && r.json() != null
                    && "input_audio_chunk".equals(r.json().path("message_type").asText())) {
                out.add(r.json());
            }
        }
        return out;
    }

    private void feed(byte[] payload, G711Codec codec) throws Exception {
        RtpPacket packet = RtpPacket.builder().payloadType(codec.payloadType()).sequenceNumber(sequence)
                .timestamp(sequence * FRAME).ssrc(0x1234).payload(Unpooled.wrappedBuffer(payload)).build();
        sequence++;
        onLoop(() -> timeline.onAudio(packet, codec));
    }

    private static byte[] tone(int amplitude) {
        byte[] ulaw = new byte[FRAME];
        for (int i = 0; i < FRAME; i++) {
            ulaw[i] = G711Codec.PCMU.encode((short) Math.round(amplitude * Math.sin(2 * Math.PI * 300 * i / 8000.0)));
        }
        return ulaw;
    }

    private static List<Integer> diff(byte[] a, byte[] b) {
        List<Integer> differ = new ArrayList<>();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            if (i >= a.length || i >= b.length || a[i] != b[i]) {
                differ.add(i);
            }
        }
        return differ.size() > 10 ? differ.subList(0, 10) : differ;
    }

    private void onLoop(Runnable task) throws Exception {
        loop.submit(task).get();
    }
}
