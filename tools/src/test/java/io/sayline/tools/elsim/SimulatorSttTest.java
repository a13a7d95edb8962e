package io.sayline.tools.elsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sayline.rtp.g711.G711Codec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator's realtime speech-to-text endpoint over a real WebSocket: the vendor's handshake and message
 * validation, scripted transcripts driven by the energy of the audio, and the injected errors.
 */
class SimulatorSttTest {
    private static final String PATH = "/v1/speech-to-text/realtime";
    private static final String GOOD = PATH + "?model_id=scribe_v2_realtime&audio_format=ulaw_8000"
            + "&commit_strategy=vad&vad_silence_threshold_secs=0.4&min_speech_duration_ms=100";
    private static ElevenLabsSimulator sim;
    private static OkHttpClient client;

    @BeforeAll
    static void start() throws Exception {
        sim = SimTestSupport.signalSim().build().start();
        client = SimTestSupport.client();
    }

    @AfterAll
    static void stop() {
        sim.close();
        client.dispatcher().executorService().shutdown();
    }

    @AfterEach
    void reset() {
        sim.sttKnobs(SttKnobs.DEFAULTS);
    }

    @Test
    void speechGivesWordByWordPartialsThenOneCommitAfterTheSilence() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("opening hours please"))));
        WsProbe probe = open(GOOD);
        JsonNode started = probe.nextJson();
        assertEquals("session_started", started.get("message_type").asText());
        assertEquals("ulaw_8000", started.path("config").path("audio_format").asText());
        probe.send(chunk(tone(1000, 12000)));  // 1 s of speech: 100 ms to start, then a word per 200 ms
        probe.send(chunk(tone(600, 0)));       // 0.6 s of silence: past the 0.4 s threshold
        List<String> partials = new ArrayList<>();
        JsonNode message;
        while ((message = probe.nextJson()).get("message_type").asText().equals("partial_transcript")) {
            partials.add(message.get("text").asText());
        }
        assertEquals(List.of("opening", "opening hours", "opening hours please"), partials);
        assertEquals("committed_transcript", message.get("message_type").asText());
        assertEquals("opening hours please", message.get("text").asText());
        assertEquals("opening hours please", sim.sttCommits().get(sim.sttCommits().size() - 1).text());
        probe.socket.close(1000, null);
    }

    @Test
    void noiseInTheScriptGivesNothingAndTimestampsFollowTheCommit() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("", "yes"))));
        WsProbe probe = open(GOOD + "&include_timestamps=true&language_code=en");
        probe.nextJson();
        probe.send(chunk(tone(400, 12000)));
        probe.send(chunk(tone(600, 0)));
        probe.send(chunk(tone(400, 12000)));
        probe.send(chunk(tone(600, 0)));
        assertEquals("partial_transcript", probe.nextJson().get("message_type").asText(), "the noise said nothing");
        assertEquals("committed_transcript", probe.nextJson().get("message_type").asText());
        JsonNode timed = probe.nextJson();
        assertEquals("committed_transcript_with_timestamps", timed.get("message_type").asText());
        assertEquals("en", timed.get("language_code").asText());
        JsonNode word = timed.get("words").get(0);
        assertEquals("yes", word.get("text").asText());
        assertEquals(1.0, word.get("start").asDouble(), 0.001, "the second burst starts at 1 s of audio");
        assertEquals(1.4, word.get("end").asDouble(), 0.001);
        probe.socket.close(1000, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "model_id=scribe_v2_realtime&audio_format=mp3_44100  | audio_format",
            "audio_format=ulaw_8000                               | model_id",
            "model_id=scribe_v2_realtime&commit_strategy=auto     | commit_strategy",
            "model_id=scribe_v2_realtime&vad_silence_threshold_secs=0.3 | vad_silence_threshold_secs",
            "model_id=scribe_v2_realtime&vad_threshold=1.0       | vad_threshold",
            "model_id=scribe_v2_realtime&min_speech_duration_ms=20 | min_speech_duration_ms",
            "model_id=scribe_v2_realtime&min_silence_duration_ms=x | min_silence_duration_ms",
            "model_id=scribe_v2_realtime&include_timestamps=yes   | include_timestamps",
            "model_id=scribe_v2_realtime&language_code=English    | language_code",
    })
    void aBadHandshakeIsRefusedWith422NamingTheParameter(String query, String parameter) throws Exception {
        WsProbe probe = open(PATH + "?" + query.strip());
        WsProbe.Event refused = probe.next();
        assertEquals(422, refused.httpStatus(), String.valueOf(refused));
        List<RecordedRequest> got = sim.received();
        assertTrue(got.get(got.size() - 1).query().containsKey(parameter) || parameter.equals("model_id"));
    }

    @Test
    void aWrongKeyIsAnAuthErrorThenAClose() throws Exception {
        WsProbe probe = new WsProbe(client, SimTestSupport.ws(sim, GOOD, "wrong"));
        WsProbe.Event[] close = new WsProbe.Event[1];
        List<JsonNode> messages = probe.untilClose(close);
        assertEquals("auth_error", messages.get(0).get("message_type").asText());
        assertEquals(1008, close[0].closeCode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                                                                  | input_error",
            "{\"message_type\":\"input_audio_chunk\"}                                   | input_error",
            "{\"message_type\":\"input_audio_chunk\",\"audio_base_64\":\"***\"}         | input_error",
            "{\"message_type\":\"input_audio_chunk\",\"audio_base_64\":\"AAAA\",\"sample_rate\":16000} | input_error",
            "{\"message_type\":\"input_audio_chunk\",\"audio_base_64\":\"AAAA\",\"commit\":\"no\"} | input_error",
            "{\"message_type\":\"input_audio_chunk\",\"audio_base_64\":\"AAAA\",\"volume\":1} | input_error",
            "{\"message_type\":\"speak\"}                                               | input_error",
    })
    void aBadMessageIsAnInputErrorThenAClose(String message, String type) throws Exception {
        WsProbe probe = open(GOOD);
        probe.nextJson();
        probe.send(message.strip());
        WsProbe.Event[] close = new WsProbe.Event[1];
        List<JsonNode> messages = probe.untilClose(close);
        assertEquals(type, messages.get(0).get("message_type").asText(), messages.toString());
        assertTrue(messages.get(0).get("error").asText().length() > 0);
        assertEquals(1008, close[0].closeCode());
    }

    @Test
    void aChunkOfMoreThanTwoSecondsIsChunkSizeExceeded() throws Exception {
        WsProbe probe = open(GOOD);
        probe.nextJson();
        probe.send(chunk(tone(2100, 0)));
        assertEquals("chunk_size_exceeded", probe.nextJson().get("message_type").asText());
    }

    @Test
    void anInjectedErrorComesAfterTheConfiguredAudioForTheFirstSessionsOnlyInEitherSpelling() throws Exception {
        sim.sttKnobs(new SttKnobs(List.of(List.of("hi")), "rate_limited", 200, 1, -40, 200, true));
        WsProbe first = open(GOOD);
        assertEquals("session_started", first.nextJson().get("type").asText());
        first.send(chunk(tone(100, 0)));
        first.send(chunk(tone(100, 0)));
        JsonNode error = first.nextJson();
        assertEquals("rate_limited", error.get("type").asText(), "the knob asks for 'type', as some vendor pages show");
        WsProbe second = open(GOOD);
        second.nextJson();
        second.send(chunk(tone(400, 0)));
        second.send("{\"message_type\":\"commit\"}");
        second.socket.close(1000, null);
        WsProbe.Event[] close = new WsProbe.Event[1];
        assertEquals(List.of(), second.untilClose(close), "the second session is not failed");
    }

    @Test
    void theAdminApiSetsWhatCallersSayAndRefusesBadKnobs() throws Exception {
        try (okhttp3.Response ok = client.newCall(SimTestSupport.post(sim, "/sim/stt",
                "{\"scripts\":[[\"one\"],[\"two\"]],\"error\":\"quota_exceeded\",\"errorFirstSessions\":1}", null))
                .execute()) {
            assertEquals(200, ok.code());
        }
        assertEquals(List.of(List.of("one"), List.of("two")), sim.sttKnobs().scripts());
        assertEquals("quota_exceeded", sim.sttKnobs().error());
        assertEquals(200, sim.sttKnobs().wordMs(), "fields left out keep their value");
        try (okhttp3.Response bad = client.newCall(SimTestSupport.post(sim, "/sim/stt", "{\"error\":\"gremlins\"}", null))
                .execute()) {
            assertEquals(400, bad.code());
        }
        assertEquals("quota_exceeded", sim.sttKnobs().error(), "a refused patch changes nothing");
    }

    private static WsProbe open(String pathAndQuery) {
        return new WsProbe(client, SimTestSupport.ws(sim, pathAndQuery, SimTestSupport.KEY));
    }

    private static String chunk(byte[] ulaw) {
        return "{\"message_type\":\"input_audio_chunk\",\"audio_base_64\":\"" + Base64.getEncoder().encodeToString(ulaw)
                + "\",\"commit\":false,\"sample_rate\":8000}";
    }

    private static byte[] tone(int ms, int amplitude) {
        byte[] ulaw = new byte[ms * 8];
        for (int i = 0; i < ulaw.length; i++) {
            ulaw[i] = G711Codec.PCMU.encode((short) Math.round(amplitude * Math.sin(2 * Math.PI * 300 * i / 8000.0)));
        }
        return ulaw;
    }
}
