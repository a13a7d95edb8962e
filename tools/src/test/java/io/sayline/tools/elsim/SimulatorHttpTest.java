package io.sayline.tools.elsim;

import static io.sayline.tools.elsim.SimTestSupport.KEY;
import static io.sayline.tools.elsim.SimTestSupport.post;
import static io.sayline.tools.elsim.SimTestSupport.samples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorHttpTest {
    private static final String TEXT = "Hello there, caller.";
    private static final String BODY = "{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_flash_v2_5\"}";
    @RegisterExtension
    static final SignalSimulator SIGNAL = new SignalSimulator();
    private static final OkHttpClient client = SIGNAL.client;

    private static ElevenLabsSimulator sim() {
        return SIGNAL.sim();
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 22050, 24000, 32000, 44100, 48000})
    void streamReturnsChunkedPcmOfTheTextsLengthForEveryRate(int rate) throws Exception {
        try (Response r = client.newCall(post(sim(), "/v1/text-to-speech/v1/stream?output_format=pcm_" + rate,
                BODY, KEY)).execute()) {
            assertEquals(200, r.code());
            assertTrue(r.header("Content-Type").startsWith("audio/"));
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertNotNull(r.header("request-id"));
            assertEquals(Integer.toString(TEXT.length()), r.header("character-cost"));
            assertEquals(2 * samples(TEXT, rate), r.body().bytes().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ulaw_8000", "alaw_8000"})
    void g711FormatsGiveOneBytePerSampleAt8k(String format) throws Exception {
        try (Response r = client.newCall(post(sim(), "/v1/text-to-speech/v1/stream?output_format=" + format,
                BODY, KEY)).execute()) {
            assertEquals(200, r.code());
            byte[] g711 = r.body().bytes();
            assertEquals(samples(TEXT, 8000), g711.length);
            short[] pcm = new short[g711.length];
            io.sayline.rtp.g711.G711Codec codec = format.startsWith("ulaw")
                    ? io.sayline.rtp.g711.G711Codec.PCMU : io.sayline.rtp.g711.G711Codec.PCMA;
            codec.decode(g711, 0, g711.length, pcm, 0);
            double tone = AudioSourcesTest.power(pcm, 8000, 1000);
            assertTrue(tone > 1000 * AudioSourcesTest.power(pcm, 8000, 3000), "the test tone survives G.711");
        }
    }

    @Test
    void defaultFormatIsMp3FramesFromTheBundledEncoder() throws Exception {
        try (Response r = client.newCall(post(sim(), "/v1/text-to-speech/v1/stream", BODY, KEY)).execute()) {
            assertEquals(200, r.code());
            assertEquals("audio/mpeg", r.header("Content-Type"));
            byte[] mp3 = r.body().bytes();
            assertTrue(mp3.length > 1000, "mp3 bytes: " + mp3.length);
            assertEquals(0xFF, mp3[0] & 0xFF, "MPEG frame sync");
            assertEquals(0xE0, mp3[1] & 0xE0, "MPEG frame sync");
        }
    }

    @Test
    void withTimestampsLinesParseAndAlignmentCoversTheText() throws Exception {
        try (Response r = client.newCall(post(sim(),
                "/v1/text-to-speech/v1/stream/with-timestamps?output_format=pcm_16000", BODY, KEY)).execute()) {
            assertEquals(200, r.code());
            StringBuilder chars = new StringBuilder();
            int audioBytes = 0;
            double lastStart = -1;
            for (String line : r.body().string().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = WsProbe.MAPPER.readTree(line);
                audioBytes += Base64.getDecoder().decode(n.get("audio_base64").asText()).length;
                JsonNode a = n.get("alignment");
                assertTrue(n.has("normalized_alignment"));
                for (int i = 0; i < a.get("characters").size(); i++) {
                    chars.append(a.get("characters").get(i).asText());
                    double start = a.get("character_start_times_seconds").get(i).asDouble();
                    assertTrue(start >= lastStart, "start times rise");
                    assertTrue(a.get("character_end_times_seconds").get(i).asDouble() > start);
                    lastStart = start;
                }
            }
            assertEquals(TEXT, chars.toString());
            assertEquals(2 * samples(TEXT, 16000), audioBytes);
        }
    }

    @Test
    void nonStreamingEndpointAnswersTheWholeAudioWithContentLength() throws Exception {
        try (Response r = client.newCall(post(sim(), "/v1/text-to-speech/v1?output_format=pcm_8000", BODY, KEY))
                .execute()) {
            assertEquals(200, r.code());
            assertEquals(Integer.toString(2 * samples(TEXT, 8000)), r.header("Content-Length"));
            assertEquals(2 * samples(TEXT, 8000), r.body().bytes().length);
        }
    }

    @Test
    void missingTextGets422WithTheValidationShape() throws Exception {
        JsonNode detail = errorDetail(post(sim(), "/v1/text-to-speech/v1/stream", "{\"model_id\":\"x\"}", KEY), 422);
        assertEquals("body", detail.get(0).get("loc").get(0).asText());
        assertEquals("text", detail.get(0).get("loc").get(1).asText());
        assertEquals("value_error.missing", detail.get(0).get("type").asText());
        assertTrue(detail.get(0).has("msg"));
    }

    @Test
    void outOfRangeSettingsEachGetA422Entry() throws Exception {
        String body = "{\"text\":\"hi\",\"voice_settings\":{\"stability\":1.5,\"speed\":1.3},"
                + "\"previous_request_ids\":[\"a\",\"b\",\"c\",\"d\"],\"apply_text_normalization\":\"maybe\"}";
        JsonNode detail = errorDetail(post(sim(), "/v1/text-to-speech/v1/stream?optimize_streaming_latency=7",
                body, KEY), 422);
        List<String> locs = new java.util.ArrayList<>();
        detail.forEach(d -> locs.add(d.get("loc").toString()));
        assertTrue(locs.contains("[\"query\",\"optimize_streaming_latency\"]"), locs.toString());
        assertTrue(locs.contains("[\"body\",\"voice_settings\",\"stability\"]"), locs.toString());
        assertTrue(locs.contains("[\"body\",\"voice_settings\",\"speed\"]"), locs.toString());
        assertTrue(locs.contains("[\"body\",\"previous_request_ids\"]"), locs.toString());
        assertTrue(locs.contains("[\"body\",\"apply_text_normalization\"]"), locs.toString());
    }

    @Test
    void opusIsRefusedWith422InTheSimulator() throws Exception {
        JsonNode detail = errorDetail(post(sim(), "/v1/text-to-speech/v1/stream?output_format=opus_48000_64", BODY,
                KEY), 422);
        assertTrue(detail.get(0).get("msg").asText().contains("unsupported in simulator"));
    }

    @Test
    void wrongOrMissingKeyGets401InvalidApiKey() throws Exception {
        for (String key : new String[] {"wrong", null}) {
            JsonNode detail = errorDetail(post(sim(), "/v1/text-to-speech/v1/stream", BODY, key), 401);
            assertEquals("invalid_api_key", detail.get("status").asText());
            assertTrue(detail.has("message"));
        }
    }

    @Test
    void textOverTheModelLimitGets400MaxCharacterLimitExceeded() throws Exception {
        String body = "{\"text\":\"" + "a".repeat(10_001) + "\"}";
        JsonNode detail = errorDetail(post(sim(), "/v1/text-to-speech/v1/stream", body, KEY), 400);
        assertEquals("max_character_limit_exceeded", detail.get("status").asText());
    }

    @Test
    void requestsAreRecordedWithRawKeyButServedRedacted() throws Exception {
        String marker = "{\"text\":\"record me\"}";
        try (Response r = client.newCall(post(sim(), "/v1/text-to-speech/vX/stream?output_format=pcm_8000&enable_logging=false",
                marker, KEY)).execute()) {
            r.body().bytes();
        }
        RecordedRequest rec = sim().received().stream().filter(x -> marker.equals(x.body())).findFirst().orElseThrow();
        assertEquals("/v1/text-to-speech/vX/stream", rec.path());
        assertEquals("pcm_8000", rec.query().get("output_format"));
        assertEquals(KEY, rec.header("xi-api-key"));
        assertEquals("record me", rec.json().get("text").asText());
        assertTrue(rec.firstAudioNanos() >= rec.receivedNanos());
        assertFalse(rec.toString().contains(KEY));
        try (Response r = client.newCall(new Request.Builder().url(sim().httpBase() + "/sim/requests").build()).execute()) {
            String all = r.body().string();
            assertTrue(all.contains("record me"));
            assertFalse(all.contains(KEY), "key must be redacted");
        }
    }

    private static JsonNode errorDetail(Request request, int status) throws Exception {
        try (Response r = client.newCall(request).execute()) {
            assertEquals(status, r.code());
            return WsProbe.MAPPER.readTree(r.body().string()).get("detail");
        }
    }
}
