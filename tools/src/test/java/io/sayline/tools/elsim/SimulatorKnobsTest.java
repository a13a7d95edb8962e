package io.sayline.tools.elsim;

import static io.sayline.tools.elsim.SimTestSupport.KEY;
import static io.sayline.tools.elsim.SimTestSupport.post;
import static io.sayline.tools.elsim.SimTestSupport.samples;
import static io.sayline.tools.elsim.SimTestSupport.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SimulatorKnobsTest {
    private static final String TEXT = "A sentence long enough for several chunks of audio.";
    private static final String BODY = "{\"text\":\"" + TEXT + "\"}";
    private static final String PCM = "/v1/text-to-speech/v1/stream?output_format=pcm_16000";
    @RegisterExtension
    static final SignalSimulator SIGNAL = new SignalSimulator();
    private static final OkHttpClient client = SIGNAL.client;

    private static ElevenLabsSimulator sim() {
        return SIGNAL.sim();
    }

    private static SimKnobs.Builder knobs() {
        return sim().knobs().toBuilder();
    }

    @Test
    void firstChunkDelayHoldsBackTheFirstByte() throws Exception {
        sim().knobs(knobs().firstChunkDelayMs(300).build());
        long start = System.nanoTime();
        try (Response r = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            r.body().source().require(1);
            long ms = (System.nanoTime() - start) / 1_000_000;
            // Lower bound only: no upper timing assertion on a shared machine.
            assertTrue(ms >= 250, "first byte after " + ms + " ms");
        }
    }

    @Test
    void errorStatusAnswersOnlyTheFirstKRequests() throws Exception {
        sim().knobs(knobs().error(429, "system_busy").errorFirstRequests(1).build());
        try (Response r = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            assertEquals(429, r.code());
            assertEquals("system_busy", WsProbe.MAPPER.readTree(r.body().string()).get("detail").get("status").asText());
        }
        try (Response r = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            assertEquals(200, r.code());
            assertEquals(2 * samples(TEXT, 16000), r.body().bytes().length);
        }
    }

    @Test
    void error422KnobUsesTheValidationShape() throws Exception {
        sim().knobs(knobs().error(422, null).build());
        try (Response r = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            assertEquals(422, r.code());
            assertTrue(WsProbe.MAPPER.readTree(r.body().string()).get("detail").isArray());
        }
    }

    @Test
    void dropAbortsTheStreamPartWay() throws Exception {
        sim().knobs(knobs().chunkMs(100).dropAfterMs(200).build());
        try (Response r = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            InputStream in = r.body().byteStream();
            byte[] buf = new byte[65536];
            int[] total = {0};
            assertThrows(IOException.class, () -> {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total[0] += n;
                }
            }, "a chunked body cut short is an error, not a clean end");
            assertEquals(2 * 16000 * 200 / 1000, total[0], "exactly 200 ms of audio before the drop");
        }
    }

    @Test
    void stallStopsSendingWithoutClosing() throws Exception {
        sim().knobs(knobs().chunkMs(100).stallAfterMs(200).build());
        OkHttpClient impatient = client.newBuilder().readTimeout(Duration.ofMillis(800)).build();
        try (Response r = impatient.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            InputStream in = r.body().byteStream();
            byte[] buf = new byte[65536];
            int[] total = {0};
            assertThrows(java.net.SocketTimeoutException.class, () -> {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total[0] += n;
                }
            });
            assertEquals(2 * 16000 * 200 / 1000, total[0], "exactly 200 ms of audio before the stall");
        }
    }

    @Test
    void chunkBytesKnobSetsHttpChunkSize() throws Exception {
        sim().knobs(knobs().chunkBytes(333).build());
        try (Response r = client.newCall(post(sim(),
                "/v1/text-to-speech/v1/stream/with-timestamps?output_format=pcm_16000", BODY, KEY)).execute()) {
            String[] lines = r.body().string().split("\n");
            JsonNode first = WsProbe.MAPPER.readTree(lines[0]);
            assertEquals(333, Base64.getDecoder().decode(first.get("audio_base64").asText()).length);
        }
    }

    @Test
    void malformedJsonFrameIsSentOnceThenNormalFrames() throws Exception {
        sim().knobs(knobs().malformed(SimKnobs.Malformed.INVALID_JSON).malformedFirstStreams(1).build());
        WsProbe p = new WsProbe(client, ws(sim(), "/v1/text-to-speech/v1/stream-input?output_format=pcm_8000", KEY));
        p.send("{\"text\":\" \"}");
        p.send("{\"text\":\"" + TEXT + " \",\"flush\":true}");
        WsProbe.Event bad = p.next();
        assertThrows(AssertionError.class, bad::json);
        assertTrue(p.nextJson().has("audio"));
        p.socket.close(1000, null);
        WsProbe again = new WsProbe(client, ws(sim(), "/v1/text-to-speech/v1/stream-input?output_format=pcm_8000", KEY));
        again.send("{\"text\":\" \"}");
        again.send("{\"text\":\"Fine now. \",\"flush\":true}");
        Base64.getDecoder().decode(again.nextJson().get("audio").asText());
        again.socket.close(1000, null);
    }

    @Test
    void malformedBase64LineInWithTimestamps() throws Exception {
        sim().knobs(knobs().malformed(SimKnobs.Malformed.INVALID_BASE64).build());
        try (Response r = client.newCall(post(sim(),
                "/v1/text-to-speech/v1/stream/with-timestamps?output_format=pcm_16000", BODY, KEY)).execute()) {
            String[] lines = r.body().string().split("\n");
            String first = WsProbe.MAPPER.readTree(lines[0]).get("audio_base64").asText();
            assertThrows(IllegalArgumentException.class, () -> Base64.getDecoder().decode(first));
            Base64.getDecoder().decode(WsProbe.MAPPER.readTree(lines[1]).get("audio_base64").asText());
        }
    }

    @Test
    void wsCloseAfterSends1008WithTheReason() throws Exception {
        sim().knobs(knobs().wsCloseAfterMs(100).wsCloseReason("quota_exceeded").wsErrorMessageBeforeClose(true).build());
        WsProbe p = new WsProbe(client, ws(sim(), "/v1/text-to-speech/v1/stream-input?output_format=pcm_8000", KEY));
        p.send("{\"text\":\" \"}");
        p.send("{\"text\":\"" + TEXT + " \",\"flush\":true}");
        WsProbe.Event e;
        String lastText = null;
        do {
            e = p.next();
            lastText = e.text() != null ? e.text() : lastText;
        } while (e.text() != null);
        assertEquals("quota_exceeded", WsProbe.MAPPER.readTree(lastText).get("message").asText());
        assertEquals(1008, e.closeCode());
        assertEquals("quota_exceeded", e.closeReason());
    }

    @Test
    void errorKnobRefusesTheWebSocketHandshakeWithTheStatus() throws Exception {
        sim().knobs(knobs().error(429, "system_busy").build());
        WsProbe p = new WsProbe(client, ws(sim(), "/v1/text-to-speech/v1/stream-input", KEY));
        WsProbe.Event e = p.next();
        assertTrue(e.failure() != null);
        assertEquals(429, e.httpStatus());
    }

    @Test
    void dropAbortsAWebSocketWithoutACloseFrame() throws Exception {
        sim().knobs(knobs().dropAfterMs(100).build());
        WsProbe p = new WsProbe(client, ws(sim(), "/v1/text-to-speech/v1/stream-input?output_format=pcm_8000", KEY));
        p.send("{\"text\":\" \"}");
        p.send("{\"text\":\"" + TEXT + " \",\"flush\":true}");
        WsProbe.Event e;
        do {
            e = p.next();
        } while (e.text() != null);
        assertEquals(0, e.closeCode(), "no close frame");
        assertTrue(e.failure() != null, "the connection just ends");
    }

    @Test
    void adminEndpointMergesKnobsAtRunTime() throws Exception {
        Request set = new Request.Builder().url(sim().httpBase() + "/sim/knobs")
                .post(RequestBody.create("{\"errorStatus\":500,\"malformed\":\"invalid_base64\",\"jitterMs\":\"3\"}",
                        SimTestSupport.JSON)).build();
        try (Response r = client.newCall(set).execute()) {
            assertEquals(200, r.code());
        }
        assertEquals(500, sim().knobs().errorStatus());
        assertEquals(SimKnobs.Malformed.INVALID_BASE64, sim().knobs().malformed());
        assertEquals(3, sim().knobs().jitterMs());
        assertEquals(5, sim().knobs().firstChunkDelayMs(), "untouched knobs keep their values");
        try (Response r = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            assertEquals(500, r.code());
        }
        Request bad = new Request.Builder().url(sim().httpBase() + "/sim/knobs")
                .post(RequestBody.create("{\"chunkMs\":0}", SimTestSupport.JSON)).build();
        try (Response r = client.newCall(bad).execute()) {
            assertEquals(400, r.code());
        }
        Request unknown = new Request.Builder().url(sim().httpBase() + "/sim/knobs")
                .post(RequestBody.create("{\"noSuchKnob\":1}", SimTestSupport.JSON)).build();
        try (Response r = client.newCall(unknown).execute()) {
            assertEquals(400, r.code());
        }
    }

    @Test
    void requestsBeyondMaxConcurrentGet429WhileOneStreams() throws Exception {
        sim().knobs(knobs().maxConcurrentRequests(1).chunkMs(100).stallAfterMs(100).build());
        try (Response first = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            assertEquals(200, first.code());
            assertEquals("1", first.header("maximum-concurrent-requests"));
            try (Response second = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
                assertEquals(429, second.code());
                assertEquals("too_many_concurrent_requests",
                        WsProbe.MAPPER.readTree(second.body().string()).get("detail").get("status").asText());
            }
        }
    }

    @Test
    void realTimeFactorStillDeliversAllAudio() throws Exception {
        sim().knobs(knobs().realTimeFactor(20).jitterMs(2).build());
        try (Response r = client.newCall(post(sim(), PCM, BODY, KEY)).execute()) {
            assertEquals(2 * samples(TEXT, 16000), r.body().bytes().length);
        }
    }
}
