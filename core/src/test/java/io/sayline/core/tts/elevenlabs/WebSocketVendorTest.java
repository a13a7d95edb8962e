package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sayline.core.tts.RecordingListener;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.VendorConfigBuilder;
import okhttp3.WebSocket;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static io.sayline.core.tts.elevenlabs.HttpVendorTest.pattern;
import static io.sayline.core.tts.elevenlabs.ScriptedSocket.JSON;
import static io.sayline.core.tts.elevenlabs.ScriptedSocket.audio;
import static io.sayline.core.tts.elevenlabs.ScriptedSocket.fin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebSocketVendorTest {
    private static final int BYTES_100_MS = 3200;
    private static final String INIT = "{\"text\":\" \",\"voice_settings\":{\"stability\":0.5,\"similarity_boost\":0.75,"
            + "\"style\":0.0,\"use_speaker_boost\":true},\"generation_config\":{\"chunk_length_schedule\":[120,160,250,290]}}";

    @RegisterExtension
    final LocalVendorServer local = new LocalVendorServer();
    private final MockWebServer server = local.server;

    private TtsSession session(VendorConfigBuilder config) {
        return local.session(config);
    }

    private VendorConfigBuilder config(boolean multiContext) {
        VendorConfigBuilder config = local.config("websocket");
        config.multiContext = multiContext;
        return config;
    }

    private ScriptedSocket socket(BiConsumer<WebSocket, JsonNode> script) {
        ScriptedSocket socket = new ScriptedSocket(script);
        server.enqueue(new MockResponse().withWebSocketUpgrade(socket));
        return socket;
    }

    @Test
    void streamInputSendsInitTextsFlushAndEndThenDeliversUntilFinal() throws Exception {
        ScriptedSocket socket = socket((ws, message) -> {
            if (message.path("text").asText().isEmpty() && message.has("text")) {
                ws.send(audio(pattern(BYTES_100_MS), null, null, "Hi ", new int[] {0, 40, 70}, new int[] {40, 30, 30},
                        "charDurationsMs"));
                ws.send(audio(pattern(BYTES_100_MS), null, null, "yo", new int[] {0, 50}, new int[] {50, 50},
                        "charsDurationsMs"));
                ws.send(fin(null, null, "isFinal"));
                ws.close(1000, null);
            }
        });
        RecordingListener listener = new RecordingListener();

        TtsSession.Utterance utterance = session(config(false)).start("u1", listener);
        utterance.append("Hello");
        utterance.append("world.");
        utterance.finish();
        listener.awaitDone();

        RecordedRequest handshake = server.takeRequest();
        assertEquals("/v1/text-to-speech/voice1/stream-input?model_id=eleven_flash_v2_5&output_format=pcm_16000"
                + "&auto_mode=false&inactivity_timeout=20&sync_alignment=false&apply_text_normalization=auto",
                handshake.getPath());
        assertEquals(VendorConfigBuilder.API_KEY, handshake.getHeader("xi-api-key"));
        assertEquals(JSON.readTree(INIT), socket.next());
        assertEquals(JSON.readTree("{\"text\":\"Hello \",\"try_trigger_generation\":true}"), socket.next());
        assertEquals(JSON.readTree("{\"text\":\"world. \",\"try_trigger_generation\":true}"), socket.next());
        assertEquals(JSON.readTree("{\"text\":\" \",\"flush\":true}"), socket.next());
        assertEquals(JSON.readTree("{\"text\":\"\"}"), socket.next());
        assertEquals(List.of("sent", "audio", "alignment", "audio", "alignment", "end"), listener.snapshot());
        assertEquals(2 * BYTES_100_MS, listener.audio().length);
        assertArrayEquals(new int[] {100, 150}, listener.alignments.get(1).startMs());
        assertArrayEquals(new int[] {50, 50}, listener.alignments.get(1).durationMs());
    }

    @Test
    void multiContextOpensOneSocketWithTheSessionAndAContextPerUtterance() throws Exception {
        ScriptedSocket socket = socket((ws, message) -> {
            String id = message.path("context_id").asText();
            // c1 gets the documented spellings, c2 the newer ones.
            boolean newer = id.equals("c2");
            String contextKey = newer ? "context_id" : "contextId";
            if (message.path("flush").asBoolean()) {
                ws.send(audio(pattern(640), contextKey, id, null, null, null, null));
            }
            if (message.path("close_context").asBoolean()) {
                // Like the vendor: a context's final message comes when it closes, not at its flush.
                ws.send(fin(contextKey, id, newer ? "is_final" : "isFinal"));
            }
        });
        TtsSession session = session(config(true));
        RecordedRequest handshake = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(handshake, "the socket is opened by openSession, before the first say");
        assertTrue(handshake.getPath().startsWith("/v1/text-to-speech/voice1/multi-stream-input?model_id="));

        RecordingListener first = new RecordingListener();
        TtsSession.Utterance one = session.start("u1", first);
        one.append("Hello.");
        one.finish();
        first.awaitDone();
        RecordingListener second = new RecordingListener();
        TtsSession.Utterance two = session.start("u2", second);
        two.append("Bye.");
        two.finish();
        second.awaitDone();

        assertEquals(List.of("sent", "audio", "end"), first.snapshot());
        assertEquals(List.of("sent", "audio", "end"), second.snapshot());
        assertEquals(1, server.getRequestCount(), "one socket for both utterances");
        JsonNode init = socket.next();
        assertEquals("c1", init.path("context_id").asText());
        assertEquals(" ", init.path("text").asText());
        assertTrue(init.has("voice_settings"));
        assertEquals(JSON.readTree("{\"text\":\"Hello. \",\"try_trigger_generation\":true,\"context_id\":\"c1\"}"), socket.next());
        assertEquals(JSON.readTree("{\"text\":\" \",\"flush\":true,\"context_id\":\"c1\"}"), socket.next());
        assertEquals(JSON.readTree("{\"context_id\":\"c1\",\"close_context\":true}"), socket.next(),
                "the finished context is closed, which ends it and frees its slot");
        assertEquals("c2", socket.next().path("context_id").asText());
        session.close();
    }

    @Test
    void cancelClosesTheContextAndNothingOfItArrivesAfterwards() throws Exception {
        ScriptedSocket socket = socket((ws, message) -> {
            if (message.path("close_context").asBoolean()) {
                // Audio the vendor had generated before it saw close_context.
                ws.send(audio(pattern(640), "contextId", "c1", null, null, null, null));
                ws.send(fin("contextId", "c1", "isFinal"));
            }
            if (message.path("flush").asBoolean() && message.path("context_id").asText().equals("c2")) {
                ws.send(audio(pattern(640), "contextId", "c2", null, null, null, null));
                ws.send(fin("contextId", "c2", "isFinal"));
            }
        });
        TtsSession session = session(config(true));
        RecordingListener cancelled = new RecordingListener();
        TtsSession.Utterance one = session.start("u1", cancelled);
        one.append("A long answer that the caller interrupts");
        one.cancel();
        RecordingListener next = new RecordingListener();
        TtsSession.Utterance two = session.start("u2", next);
        two.append("Sure.");
        two.finish();
        next.awaitDone();

        assertEquals(JSON.readTree("{\"context_id\":\"c1\",\"close_context\":true}"),
                socket.nextMatching(m -> m.has("close_context")));
        assertEquals(List.of("sent"), cancelled.snapshot(), "no audio or end after cancel");
        assertEquals(List.of("sent", "audio", "end"), next.snapshot());
    }

    @Test
    void contextFinishedWithoutTextEndsAtOnceAndIsClosed() throws Exception {
        ScriptedSocket socket = socket((ws, message) -> { });
        TtsSession session = session(config(true));
        RecordingListener listener = new RecordingListener();
        session.start("u1", listener).finish();
        listener.awaitDone();
        assertEquals(List.of("end"), listener.snapshot());
        assertEquals("c1", socket.next().path("context_id").asText());
        assertEquals(JSON.readTree("{\"context_id\":\"c1\",\"close_context\":true}"), socket.next());
    }

    @Test
    void idleSessionSendsKeepaliveBeforeTheInactivityTimeout() throws Exception {
        ScriptedSocket socket = socket((ws, message) -> { });
        VendorConfigBuilder config = config(true);
        config.inactivityTimeoutSeconds = 1;
        TtsSession session = session(config);
        assertEquals(JSON.readTree("{\"text\":\" \"}"), socket.next());
        session.close();
        assertEquals(JSON.readTree("{\"close_socket\":true}"), socket.nextMatching(m -> m.has("close_socket")));
    }

    @Test
    void busyHandshakeIsRetriedAndTheContextReplayed() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429)
                .setBody("{\"detail\":{\"status\":\"system_busy\",\"message\":\"busy\"}}"));
        ScriptedSocket socket = socket((ws, message) -> {
            if (message.path("flush").asBoolean()) {
                ws.send(audio(pattern(640), "contextId", "c1", null, null, null, null));
                ws.send(fin("contextId", "c1", "isFinal"));
            }
        });
        TtsSession session = session(config(true));
        RecordingListener listener = new RecordingListener();
        TtsSession.Utterance utterance = session.start("u1", listener);
        utterance.append("Hello.");
        utterance.finish();
        listener.awaitDone();
        assertEquals(List.of("sent", "audio", "end"), listener.snapshot());
        assertEquals(2, server.getRequestCount());
        assertEquals("c1", socket.next().path("context_id").asText());
    }
}
