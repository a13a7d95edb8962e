package io.sayline.tools.e2e;

import static io.sayline.tools.e2e.VendorCalls.API_KEY;
import static io.sayline.tools.e2e.VendorCalls.VOICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.testing.Await;
import io.sayline.tools.elsim.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real calls through every ElevenLabs mode: a JAIN SIP caller dials Sayline, the bot says a sentence, Sayline
 * asks the simulator, and the caller's RTP socket hears the simulator's tones. Each test checks the exact
 * requests and messages the simulator received (docs/elevenlabs.md has the wire shapes), the audio at the caller,
 * and the latency the bot is told.
 */
class ElevenLabsCallTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SENTENCE = "Hello there, how are you today?";
    private static final String SETTINGS = "voiceSettings: { stability: 0.5, similarityBoost: 0.75, useSpeakerBoost: true }";
    private static final List<Integer> SCHEDULE = List.of(120, 160, 250, 290);

    private static VendorCalls calls;

    @BeforeAll
    static void start() throws Exception {
        calls = new VendorCalls("36400-36599", VendorCalls.blocks(
                "http", "streaming: http, alignment: false, outputFormat: pcm_16000, optimizeStreamingLatency: 3, "
                        + SETTINGS,
                "timestamps", "streaming: http, alignment: true, outputFormat: pcm_16000, " + SETTINGS,
                "whole", "streaming: \"off\", outputFormat: pcm_16000, " + SETTINGS,
                "single", "streaming: websocket, multiContext: false, outputFormat: pcm_16000, " + SETTINGS,
                "multi", "streaming: websocket, multiContext: true, outputFormat: pcm_16000, " + SETTINGS));
    }

    @AfterAll
    static void stop() throws Exception {
        if (calls != null) {
            try {
                assertEquals(List.of(), calls.logLinesContaining(API_KEY), "the API key in a log line");
            } finally {
                calls.close();
            }
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        calls.sim.clearReceived();
    }

    @Test
    void httpStreamingPostsTheSentenceToStreamAndTheCallerHearsIt() throws Exception {
        try (VendorCalls.Call call = calls.dial("http")) {
            Event.SpeechDone done = speak(call, "u1");

            RecordedRequest request = single(calls.received());
            assertEquals("POST", request.method());
            assertEquals("/v1/text-to-speech/" + VOICE + "/stream", request.path());
            assertEquals("pcm_16000", request.query().get("output_format"));
            assertEquals("3", request.query().get("optimize_streaming_latency"));
            assertEquals(API_KEY, request.header("xi-api-key"));
            assertBody(request.json());
            assertLatency(done);
        }
    }

    @Test
    void withTimestampsPostsToTheTimestampsEndpoint() throws Exception {
        try (VendorCalls.Call call = calls.dial("timestamps")) {
            Event.SpeechDone done = speak(call, "u1");

            RecordedRequest request = single(calls.received());
            assertEquals("/v1/text-to-speech/" + VOICE + "/stream/with-timestamps", request.path());
            assertEquals("pcm_16000", request.query().get("output_format"));
            assertEquals(API_KEY, request.header("xi-api-key"));
            assertBody(request.json());
            assertLatency(done);
        }
    }

    @Test
    void streamingOffPlaysOnlyOnceTheWholeAudioIsIn() throws Exception {
        try (VendorCalls.Call call = calls.dial("whole")) {
            call.bot().send(Command.Say.sentence("u1", SENTENCE));
            Event.SpeechStarted started = call.bot().await(Event.SpeechStarted.class, WAIT);
            long startedNanos = System.nanoTime();
            Event.SpeechDone done = call.bot().await(Event.SpeechDone.class, WAIT);

            RecordedRequest request = single(calls.received());
            assertEquals("/v1/text-to-speech/" + VOICE, request.path(), "the whole-audio endpoint");
            assertEquals(API_KEY, request.header("xi-api-key"));
            assertBody(request.json());
            // The simulator sends the whole response at once, after its first-chunk delay: the first RTP frame
            // cannot precede the last audio byte, so speech started after the response was complete.
            assertTrue(request.firstAudioNanos() > 0 && request.firstAudioNanos() < startedNanos);
            assertTrue(started.ttfaMs() >= calls.sim.knobs().firstChunkDelayMs(), "ttfa " + started.ttfaMs());
            assertTrue(call.speechFrames() > 25, "heard " + call.speechFrames());
            assertLatency(done);
        }
    }

    @Test
    void streamInputSocketGetsInitTextFlushAndEndInOrder() throws Exception {
        try (VendorCalls.Call call = calls.dial("single")) {
            Event.SpeechDone done = speak(call, "u1");

            List<RecordedRequest> got = calls.received();
            RecordedRequest open = got.get(0);
            assertEquals(RecordedRequest.Kind.WS_OPEN, open.kind());
            assertEquals("/v1/text-to-speech/" + VOICE + "/stream-input", open.path());
            assertEquals("pcm_16000", open.query().get("output_format"));
            assertEquals("eleven_flash_v2_5", open.query().get("model_id"));
            assertEquals(API_KEY, open.header("xi-api-key"));
            List<JsonNode> messages = messages(got, open.connectionId());
            assertInit(messages.get(0), null);
            assertEquals(SENTENCE + " ", messages.get(1).get("text").asText());
            assertTrue(messages.get(1).path("try_trigger_generation").asBoolean());
            assertTrue(messages.stream().skip(2).anyMatch(m -> m.path("flush").asBoolean()), "flushed: " + messages);
            assertEquals("", messages.get(messages.size() - 1).get("text").asText(), "ends with the end message");
            assertLatency(done);
        }
    }

    @Test
    void multiContextSpeaksTwoUtterancesAsTwoContextsOnOneSocket() throws Exception {
        try (VendorCalls.Call call = calls.dial("multi")) {
            Event.SpeechDone first = speak(call, "u1");
            Event.SpeechDone second = speak(call, "u2");

            List<RecordedRequest> got = calls.received();
            List<RecordedRequest> opens = got.stream().filter(r -> r.kind() == RecordedRequest.Kind.WS_OPEN).toList();
            assertEquals(1, opens.size(), "one socket per call");
            assertEquals("/v1/text-to-speech/" + VOICE + "/multi-stream-input", opens.get(0).path());
            assertEquals("pcm_16000", opens.get(0).query().get("output_format"));
            assertEquals(API_KEY, opens.get(0).header("xi-api-key"));
            List<JsonNode> messages = messages(got, opens.get(0).connectionId());
            List<String> contexts = messages.stream().map(m -> m.path("context_id").asText(null)).distinct()
                    .filter(c -> c != null).toList();
            assertEquals(List.of("c1", "c2"), contexts, "a context per utterance: " + messages);
            for (String context : contexts) {
                List<JsonNode> own = messages.stream().filter(m -> context.equals(m.path("context_id").asText(null)))
                        .toList();
                assertInit(own.get(0), context);
                assertEquals(SENTENCE + " ", own.get(1).get("text").asText());
                int flush = indexOf(own, m -> m.path("flush").asBoolean());
                int close = indexOf(own, m -> m.path("close_context").asBoolean());
                assertTrue(flush > 1 && close > flush, "flush then close_context for " + context + ": " + own);
            }
            int firstClose = indexOf(messages, m -> m.path("close_context").asBoolean());
            int secondInit = indexOf(messages, m -> contexts.get(1).equals(m.path("context_id").asText(null)));
            assertTrue(firstClose < secondInit, "the first context closed before the second opened: " + messages);
            assertLatency(first);
            assertLatency(second);
        }
        // The caller hung up: the call's socket ends with close_socket.
        Await.until(() -> calls.received().stream().anyMatch(r -> r.json() != null
                && r.json().path("close_socket").asBoolean()), WAIT, "close_socket at hang-up");
    }

    @Test
    void tokensStreamedOnOneUtteranceReachTheSocketAsTheyArrive() throws Exception {
        List<String> tokens = List.of("Hello ", "there, ", "how ", "are ", "you ", "today?");
        try (VendorCalls.Call call = calls.dial("multi")) {
            for (int i = 0; i < tokens.size(); i++) {
                call.bot().send(Command.Say.token("t1", tokens.get(i), false));
                int sent = i + 1;
                // Each token is on the socket before the next one is said: nothing waits for the whole text.
                Await.until(() -> texts(calls.received()).size() >= sent, WAIT, "token " + sent);
            }
            call.bot().send(Command.Say.token("t1", "", true));
            Event.SpeechDone done = call.bot().await(Event.SpeechDone.class, WAIT);

            List<String> texts = texts(calls.received());
            assertEquals(tokens.stream().map(t -> t.endsWith(" ") ? t : t + " ").toList(), texts);
            assertTrue(call.speechFrames() > 25, "heard " + call.speechFrames());
            assertLatency(done);
        }
    }

    @Test
    void tokensOnAnHttpVendorAreCutAtClausesAndPipelinedWithPreviousText() throws Exception {
        try (VendorCalls.Call call = calls.dial("http")) {
            call.bot().send(Command.Say.token("t1", "Thanks for calling. ", false));
            // The first clause is requested before the bot has written the rest.
            Await.until(() -> calls.received().size() >= 1, WAIT, "the first clause's request");
            call.bot().send(Command.Say.token("t1", "How can I ", false));
            call.bot().send(Command.Say.token("t1", "help you today? ", false));
            Await.until(() -> calls.received().size() >= 2, WAIT, "the second clause's request");
            call.bot().send(Command.Say.token("t1", "Goodbye", true));
            Event.SpeechDone done = call.bot().await(Event.SpeechDone.class, WAIT);

            List<JsonNode> bodies = calls.received().stream().map(RecordedRequest::json).toList();
            assertEquals(List.of("Thanks for calling.", "How can I help you today?", "Goodbye"),
                    bodies.stream().map(b -> b.get("text").asText()).toList(), "pieces cut at sentence ends");
            assertFalse(bodies.get(0).has("previous_text"));
            assertEquals("Thanks for calling.", bodies.get(1).get("previous_text").asText());
            assertEquals("Thanks for calling. How can I help you today?", bodies.get(2).get("previous_text").asText());
            calls.received().forEach(r -> assertEquals("/v1/text-to-speech/" + VOICE + "/stream", r.path()));
            assertTrue(call.speechFrames() > 50, "heard " + call.speechFrames());
            assertLatency(done);
        }
    }

    /** The bot says {@link #SENTENCE}; returns its speech.done after checking speech.started and the caller's audio. */
    private static Event.SpeechDone speak(VendorCalls.Call call, String utteranceId) throws Exception {
        long framesBefore = call.speechFrames();
        call.bot().send(Command.Say.sentence(utteranceId, SENTENCE));
        Event.SpeechStarted started = call.bot().await(Event.SpeechStarted.class, WAIT);
        assertEquals(utteranceId, started.utteranceId());
        assertTrue(started.ttfaMs() > 0, "ttfa " + started.ttfaMs());
        Event.SpeechDone done = call.bot().await(Event.SpeechDone.class, WAIT);
        assertEquals(utteranceId, done.utteranceId());
        // 31 characters at the simulator's 60 ms each: 1.86 s of tones, 93 frames.
        assertTrue(done.playedMs() > 1500, "played " + done.playedMs());
        long heard = call.speechFrames() - framesBefore;
        assertTrue(heard > 75, "the caller heard " + heard + " loud frames");
        return done;
    }

    private static void assertBody(JsonNode body) {
        assertEquals(SENTENCE, body.get("text").asText());
        assertEquals("eleven_flash_v2_5", body.get("model_id").asText());
        JsonNode settings = body.get("voice_settings");
        assertEquals(0.5, settings.get("stability").asDouble());
        assertEquals(0.75, settings.get("similarity_boost").asDouble());
        assertTrue(settings.get("use_speaker_boost").asBoolean());
        assertFalse(body.has("xi_api_key"));
    }

    private static void assertInit(JsonNode init, String contextId) {
        assertEquals(" ", init.get("text").asText(), "init text is one space: " + init);
        assertEquals(0.5, init.get("voice_settings").get("stability").asDouble());
        assertEquals(0.75, init.get("voice_settings").get("similarity_boost").asDouble());
        List<Integer> schedule = new java.util.ArrayList<>();
        init.get("generation_config").get("chunk_length_schedule").forEach(n -> schedule.add(n.asInt()));
        assertEquals(SCHEDULE, schedule);
        if (contextId == null) {
            assertNull(init.get("context_id"));
        } else {
            assertEquals(contextId, init.get("context_id").asText());
        }
    }

    private static void assertLatency(Event.SpeechDone done) {
        Event.Latency latency = done.latency();
        assertTrue(latency.ttfaMs() > 0, "ttfa " + latency);
        assertTrue(latency.vendorFirstByteMs() >= 70, "the simulator's 75 ms first chunk delay: " + latency);
        assertTrue(latency.overheadMs() >= 0, "overhead " + latency);
        // Speaker measures overhead from the first vendor byte to the first RTP packet, which leaves out the
        // time from the say to the request (connecting, queueing): at most ttfa - first byte (+1 ms rounding).
        assertTrue(latency.overheadMs() <= latency.ttfaMs() - latency.vendorFirstByteMs() + 1, "overhead " + latency);
        // The playout wait starts when the first frame is queued, after the first byte was decoded: inside overhead.
        assertTrue(latency.playoutWaitMs() >= 0, "playout wait " + latency);
        assertTrue(latency.playoutWaitMs() <= latency.overheadMs() + 1, "playout wait " + latency);
    }

    private static RecordedRequest single(List<RecordedRequest> got) {
        assertEquals(1, got.size(), "one request: " + got);
        return got.get(0);
    }

    private static List<JsonNode> messages(List<RecordedRequest> got, long connectionId) {
        return got.stream().filter(r -> r.kind() == RecordedRequest.Kind.WS_MESSAGE && r.connectionId() == connectionId)
                .map(RecordedRequest::json).collect(Collectors.toList());
    }

    /** Text messages carrying words (not init, keepalive, flush or end). */
    private static List<String> texts(List<RecordedRequest> got) {
        return got.stream().filter(r -> r.kind() == RecordedRequest.Kind.WS_MESSAGE && r.json() != null)
                .map(r -> r.json().path("text").asText(""))
                .filter(t -> !t.isBlank()).toList();
    }

    private static int indexOf(List<JsonNode> messages, java.util.function.Predicate<JsonNode> p) {
        for (int i = 0; i < messages.size(); i++) {
            if (p.test(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
