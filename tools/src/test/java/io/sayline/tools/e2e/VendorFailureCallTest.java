package io.sayline.tools.e2e;

import static io.sayline.tools.e2e.VendorCalls.API_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.tools.elsim.SimKnobs;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way the vendor can fail, on a real call: the bot hears {@code tts.error} with a stable code naming
 * the embedded fallback, the message never holds the API key, the caller still hears the sentence (from the
 * fallback), and the call stays up.
 */
class VendorFailureCallTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SENTENCE = "Hello there, how are you today?";
    private static final String WRONG_KEY = "sk-wrong-e2e-key-77d2";
    private static final String STALL = "stallTimeoutMs: 800, connectTimeoutMs: 500";

    private static VendorCalls calls;

    @BeforeAll
    static void start() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        calls = new VendorCalls("36600-36799", VendorCalls.blocks(
                "http", "streaming: http, alignment: false, " + STALL,
                "multi", "streaming: websocket, multiContext: true, " + STALL,
                "single", "streaming: websocket, multiContext: false, " + STALL,
                "badkey", "streaming: http, alignment: false, apiKey: \"" + WRONG_KEY + "\", " + STALL,
                "closed", "streaming: http, alignment: false, baseUrl: \"http://127.0.0.1:" + closedPort + "\", "
                        + STALL));
    }

    @AfterAll
    static void stop() throws Exception {
        if (calls != null) {
            try {
                assertEquals(List.of(), calls.logLinesContaining(API_KEY), "the API key in a log line");
                assertEquals(List.of(), calls.logLinesContaining(WRONG_KEY), "the rejected key in a log line");
                assertTrue(calls.logLinesContaining("tts").size() > 0, "the log capture saw Sayline's lines");
            } finally {
                calls.close();
            }
        }
    }

    @BeforeEach
    void healthyVendor() {
        calls.sim.knobs(SimKnobs.DEFAULTS);
        calls.sim.clearReceived();
    }

    @Test
    void http429OnEveryRetryFallsBackToTheEmbeddedVoice() throws Exception {
        calls.sim.knobs(SimKnobs.builder().error(429, "system_busy").errorFirstRequests(0).build());
        Event.TtsError error = failOver("http", "http_429");
        assertTrue(calls.received().size() > 1, "system_busy was retried: " + calls.received());
        assertFalse(error.message().isBlank(), "the vendor's message is passed on");
    }

    @Test
    void webSocketClose1008MidSentenceFallsBackForTheRest() throws Exception {
        calls.sim.knobs(SimKnobs.builder().wsCloseAfterMs(300).wsCloseReason("quota exceeded").build());
        Event.TtsError error = failOver("multi", "ws_1008");
        assertTrue(error.message().contains("quota exceeded"), error.message());
    }

    @Test
    void rejectedKeyIsHttp401AndTheKeyIsNotRepeated() throws Exception {
        Event.TtsError error = failOver("badkey", "http_401");
        assertFalse(error.message().contains(WRONG_KEY), error.message());
    }

    @Test
    void forbiddenIsHttp403() throws Exception {
        calls.sim.knobs(SimKnobs.builder().error(403, "only_for_creator+").build());
        failOver("http", "http_403");
    }

    @Test
    void refusedRequestIsHttp422() throws Exception {
        calls.sim.knobs(SimKnobs.builder().error(422, null).build());
        failOver("http", "http_422");
    }

    @Test
    void serverErrorIsHttp5xx() throws Exception {
        calls.sim.knobs(SimKnobs.builder().error(503, "service_unavailable").build());
        failOver("http", "http_5xx");
    }

    @Test
    void connectionDroppedMidStreamIsDropped() throws Exception {
        calls.sim.knobs(SimKnobs.builder().dropAfterMs(300).build());
        failOver("http", "dropped");
    }

    @Test
    void audioThatStopsMidStreamIsAStall() throws Exception {
        calls.sim.knobs(SimKnobs.builder().stallAfterMs(300).build());
        failOver("http", "stall");
    }

    @Test
    void noFirstByteWithinTheStallTimeoutIsATimeout() throws Exception {
        calls.sim.knobs(SimKnobs.builder().firstChunkDelayMs(3_000).build());
        failOver("single", "timeout");
    }

    @Test
    void invalidBase64OnTheSocketIsMalformed() throws Exception {
        calls.sim.knobs(SimKnobs.builder().malformed(SimKnobs.Malformed.INVALID_BASE64).build());
        failOver("multi", "malformed");
    }

    @Test
    void invalidJsonOnTheSocketIsMalformed() throws Exception {
        calls.sim.knobs(SimKnobs.builder().malformed(SimKnobs.Malformed.INVALID_JSON).build());
        failOver("single", "malformed");
    }

    @Test
    void closedVendorPortIsConnectFailed() throws Exception {
        failOver("closed", "connect_failed");
    }

    /**
     * Dials {@code block}, says {@link #SENTENCE}, and checks the failure as the bot and the caller see it.
     *
     * @param code the expected tts.error code
     */
    private static Event.TtsError failOver(String block, String code) throws Exception {
        try (VendorCalls.Call call = calls.dial(block)) {
            call.bot().send(Command.Say.sentence("u1", SENTENCE));
            Event.TtsError error = call.bot().await(Event.TtsError.class, WAIT);
            Event.SpeechDone done = call.bot().await(Event.SpeechDone.class, WAIT);

            assertEquals("u1", error.utteranceId());
            assertEquals(code, error.code(), "tts.error " + error);
            assertEquals(VendorCalls.FALLBACK, error.fallback(), "names the fallback: " + error);
            assertFalse(error.message() == null || error.message().contains(API_KEY), "no key in " + error);
            assertEquals("u1", done.utteranceId());
            assertTrue(done.playedMs() > 1000, "the sentence played: " + done);
            assertTrue(call.speechFrames() > 50, "the caller heard speech: " + call.speechFrames());
            assertEquals(1, calls.server.calls().size(), "the call is still up");
            assertFalse(call.bot().closed());
            assertTrue(call.uac().requests.stream().noneMatch(r -> Request.BYE.equals(r.getRequest().getMethod())));
            return error;
        }
    }
}
