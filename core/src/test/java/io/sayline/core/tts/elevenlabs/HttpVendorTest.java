package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.VoiceSettings;
import io.sayline.core.tts.Alignment;
import io.sayline.core.tts.RecordingListener;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.VendorConfigBuilder;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpVendorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 100 ms of pcm_16000. */
    private static final int BYTES_100_MS = 3200;

    @RegisterExtension
    final LocalVendorServer local = new LocalVendorServer();
    private final MockWebServer server = local.server;

    private TtsSession session(VendorConfigBuilder config) {
        return local.session(config);
    }

    private VendorConfigBuilder config(String streaming) {
        return local.config(streaming);
    }

    @Test
    void httpStreamingRequestHasExactPathQueryHeaderAndBody() throws Exception {
        byte[] audio = pattern(BYTES_100_MS);
        server.enqueue(new MockResponse().setHeader("Content-Type", "audio/pcm").setChunkedBody(new Buffer().write(audio), 1000));
        VendorConfigBuilder config = config("http");
        config.languageCode = "en";
        RecordingListener listener = new RecordingListener();

        TtsSession.Utterance utterance = session(config).start("u1", listener);
        utterance.append("Hello there.");
        utterance.finish();
        listener.awaitDone();

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("POST", request.getMethod());
        assertEquals("/v1/text-to-speech/voice1/stream?output_format=pcm_16000&optimize_streaming_latency=3",
                request.getPath());
        assertEquals(VendorConfigBuilder.API_KEY, request.getHeader("xi-api-key"));
        assertEquals(JSON.readTree("{\"text\":\"Hello there.\",\"model_id\":\"eleven_flash_v2_5\",\"language_code\":\"en\","
                        + "\"voice_settings\":{\"stability\":0.5,\"similarity_boost\":0.75,\"style\":0.0,"
                        + "\"use_speaker_boost\":true},\"apply_text_normalization\":\"auto\"}"),
                JSON.readTree(request.getBody().readUtf8()));
        assertArrayEquals(audio, listener.audio());
        assertEquals(List.of("sent", "audio", "end"), listener.snapshot());
    }

    @Test
    void withTimestampsDecodesAudioAndMakesAlignmentUtteranceRelative() throws Exception {
        String body = timestampsLine(pattern(BYTES_100_MS), "Hi ", new double[] {0.0, 0.04, 0.07}, new double[] {0.04, 0.07, 0.1})
                + "\n" + timestampsLine(pattern(BYTES_100_MS), "yo", new double[] {0.0, 0.05}, new double[] {0.05, 0.1}) + "\n";
        server.enqueue(new MockResponse().setChunkedBody(body, 700));
        VendorConfigBuilder config = config("http");
        config.alignment = true;
        RecordingListener listener = new RecordingListener();

        TtsSession.Utterance utterance = session(config).start("u1", listener);
        utterance.append("Hi yo");
        utterance.finish();
        listener.awaitDone();

        assertEquals("/v1/text-to-speech/voice1/stream/with-timestamps?output_format=pcm_16000&optimize_streaming_latency=3",
                server.takeRequest().getPath());
        assertEquals(2 * BYTES_100_MS, listener.audio().length);
        assertEquals(List.of("sent", "audio", "alignment", "audio", "alignment", "end"), listener.snapshot());
        Alignment second = listener.alignments.get(1);
        assertEquals(List.of("y", "o"), second.chars());
        assertArrayEquals(new int[] {100, 150}, second.startMs(), "second chunk starts after the first's 100 ms");
        assertArrayEquals(new int[] {50, 50}, second.durationMs());
        assertArrayEquals(new int[] {0, 40, 70}, listener.alignments.get(0).startMs());
    }

    @Test
    void offSendsTheWholeTextOnlyAfterFinishAndDeliversAudioOnce() throws Exception {
        byte[] audio = pattern(3 * BYTES_100_MS);
        server.enqueue(new MockResponse().setChunkedBody(new Buffer().write(audio), 512));
        RecordingListener listener = new RecordingListener();

        TtsSession.Utterance utterance = session(config("off")).start("u1", listener);
        utterance.append("Hello there. ");
        utterance.append("How are you?");
        assertEquals(0, server.getRequestCount(), "nothing is requested before finish()");
        utterance.finish();
        listener.awaitDone();

        RecordedRequest request = server.takeRequest();
        assertEquals("/v1/text-to-speech/voice1?output_format=pcm_16000&optimize_streaming_latency=3", request.getPath());
        assertEquals("Hello there. How are you?", JSON.readTree(request.getBody().readUtf8()).path("text").asText());
        assertEquals(1, listener.audioCalls());
        assertArrayEquals(audio, listener.audio());
    }

    @Test
    void tokensAreCutAtClauseBoundariesRequestedTogetherAndDeliveredInOrder() throws Exception {
        CountDownLatch secondArrived = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String text = text(request);
                if (text.startsWith("Hello")) {
                    // Answer the first piece only once the second is in flight: proves pipelining, and
                    // makes the second piece's audio arrive first.
                    assertTrue(secondArrived.await(5, TimeUnit.SECONDS), "second piece requested while first pending");
                    return new MockResponse().setBody("ONE-");
                }
                secondArrived.countDown();
                return new MockResponse().setBody("TWO");
            }
        });
        RecordingListener listener = new RecordingListener();

        TtsSession.Utterance utterance = session(config("http")).start("u1", listener);
        utterance.append("Hello");
        utterance.append(" there. How");
        utterance.append(" are you?");
        utterance.finish();
        listener.awaitDone();

        assertEquals("ONE-TWO", new String(listener.audio()));
        assertEquals(List.of("sent", "audio", "end"), listener.snapshot());
        JsonNode a = JSON.readTree(server.takeRequest().getBody().readUtf8());
        JsonNode b = JSON.readTree(server.takeRequest().getBody().readUtf8());
        JsonNode first = a.path("text").asText().startsWith("Hello") ? a : b;
        JsonNode second = first == a ? b : a;
        assertEquals("Hello there.", first.path("text").asText());
        assertEquals("How", first.path("next_text").asText(), "the text known when the piece left");
        assertTrue(first.path("previous_text").isMissingNode());
        assertEquals("How are you?", second.path("text").asText());
        assertEquals("Hello there.", second.path("previous_text").asText());
    }

    @Test
    void cancelStopsDeliveryAtOnce() throws Exception {
        server.enqueue(new MockResponse().setBody(new Buffer().write(pattern(BYTES_100_MS)))
                .throttleBody(1000, 200, TimeUnit.MILLISECONDS));
        RecordingListener listener = new RecordingListener();
        TtsSession.Utterance utterance = session(config("http")).start("u1", listener);
        utterance.append("Hello there.");
        utterance.finish();
        listener.awaitFirstAudio();

        utterance.cancel();
        int afterCancel = listener.audioCalls();
        server.takeRequest();
        assertEquals(afterCancel, listener.audioCalls());
        assertFalse(listener.snapshot().contains("end"));
        assertNull(listener.error);
    }

    @Test
    void callOverridesChangeVoiceAndSettingsButNeverTheHostOrKey() throws Exception {
        server.enqueue(new MockResponse().setBody("A"));
        VendorConfigBuilder overrides = VendorConfigBuilder.overrides();
        overrides.apiKey = "bot-key";
        overrides.baseUrl = "http://203.0.113.1";
        overrides.voiceId = "voice2";
        overrides.voiceSettings = new VoiceSettings(null, null, null, null, 1.1);
        TtsSession session = local.vendor(config("http")).openSession(new TtsSessionContext("call-1", overrides.build()));
        RecordingListener listener = new RecordingListener();
        TtsSession.Utterance utterance = session.start("u1", listener);
        utterance.append("Hi.");
        utterance.finish();
        listener.awaitDone();

        RecordedRequest request = server.takeRequest();
        assertTrue(request.getPath().startsWith("/v1/text-to-speech/voice2/stream?"));
        assertEquals(VendorConfigBuilder.API_KEY, request.getHeader("xi-api-key"));
        assertEquals(JSON.readTree("{\"stability\":0.5,\"similarity_boost\":0.75,\"style\":0.0,"
                + "\"use_speaker_boost\":true,\"speed\":1.1}"),
                JSON.readTree(request.getBody().readUtf8()).path("voice_settings"));
    }

    @Test
    void finishWithoutTextEndsWithoutARequest() throws Exception {
        RecordingListener listener = new RecordingListener();
        TtsSession.Utterance utterance = session(config("http")).start("u1", listener);
        utterance.finish();
        listener.awaitDone();
        assertEquals(List.of("end"), listener.snapshot());
        assertEquals(0, server.getRequestCount());
    }

    static String text(RecordedRequest request) {
        try {
            return JSON.readTree(request.getBody().clone().readUtf8()).path("text").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        return bytes;
    }

    static String timestampsLine(byte[] audio, String chars, double[] starts, double[] ends) {
        var line = JSON.createObjectNode();
        line.put("audio_base64", Base64.getEncoder().encodeToString(audio));
        var alignment = line.putObject("alignment");
        var characters = alignment.putArray("characters");
        chars.chars().forEach(c -> characters.add(String.valueOf((char) c)));
        var startArray = alignment.putArray("character_start_times_seconds");
        var endArray = alignment.putArray("character_end_times_seconds");
        for (int i = 0; i < starts.length; i++) {
            startArray.add(starts[i]);
            endArray.add(ends[i]);
        }
        return line.toString();
    }
}
