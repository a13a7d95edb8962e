package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sayline.core.tts.RecordingListener;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.VendorConfigBuilder;
import okhttp3.WebSocket;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.function.BiConsumer;

import static io.sayline.core.tts.elevenlabs.HttpVendorTest.pattern;
import static io.sayline.core.tts.elevenlabs.ScriptedSocket.audio;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** WebSocket failures, single- and multi-context, become the right {@link TtsError}. */
class WebSocketFailureTest {
    private static final String INACTIVITY = "Have not received a new text input within the timeout of 20 seconds";

    @RegisterExtension
    final LocalVendorServer local = new LocalVendorServer();
    private final MockWebServer server = local.server;

    private RecordingListener speak(VendorConfigBuilder config) throws InterruptedException {
        return local.speak(config, "Hello there.");
    }

    private VendorConfigBuilder config(boolean multiContext) {
        VendorConfigBuilder config = local.config("websocket");
        config.multiContext = multiContext;
        return config;
    }

    /** Runs {@code onFlush} when the client flushes. */
    private void vendorOnFlush(BiConsumer<WebSocket, JsonNode> onFlush) {
        server.enqueue(new MockResponse().withWebSocketUpgrade(new ScriptedSocket((ws, message) -> {
            if (message.path("flush").asBoolean()) {
                onFlush.accept(ws, message);
            }
        })));
    }

    @Test
    void close1008GivesWs1008WithTheReason() throws Exception {
        vendorOnFlush((ws, message) -> ws.close(1008, INACTIVITY));
        TtsError error = speak(config(true)).error;
        assertEquals("ws_1008", error.code());
        assertEquals(INACTIVITY, error.message());
    }

    @Test
    void close1008OnStreamInputGivesWs1008() throws Exception {
        vendorOnFlush((ws, message) -> ws.close(1008, "voice_settings changed"));
        TtsError error = speak(config(false)).error;
        assertEquals("ws_1008", error.code());
        assertEquals("voice_settings changed", error.message());
    }

    @Test
    void frameThatIsNotJsonGivesMalformed() throws Exception {
        vendorOnFlush((ws, message) -> ws.send("{\"audio\": nope"));
        assertEquals("malformed", speak(config(true)).error.code());
    }

    @Test
    void audioThatIsNotBase64GivesMalformed() throws Exception {
        vendorOnFlush((ws, message) -> ws.send("{\"audio\":\"***\",\"contextId\":\"c1\"}"));
        assertEquals("malformed", speak(config(false)).error.code());
    }

    @Test
    void vendorErrorMessageGivesVendorErrorWithTheKeyRedacted() throws Exception {
        vendorOnFlush((ws, message) -> ws.send("{\"message\":\"quota exceeded for " + VendorConfigBuilder.API_KEY + "\"}"));
        TtsError error = speak(config(true)).error;
        assertEquals("vendor_error", error.code());
        assertEquals("quota exceeded for [redacted]", error.message());
    }

    @Test
    void refusedHandshakeGivesHttpStatusAndVendorMessage() throws Exception {
        String body = "{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"bad key " + VendorConfigBuilder.API_KEY + "\"}}";
        server.enqueue(new MockResponse().setResponseCode(401).setBody(body)); // the warm-up socket
        server.enqueue(new MockResponse().setResponseCode(401).setBody(body)); // the utterance's retry of it
        TtsError error = speak(config(true)).error;
        assertEquals("http_401", error.code());
        assertEquals("bad key [redacted]", error.message());
    }

    @Test
    void audioThenSilenceForStallTimeoutGivesStall() throws Exception {
        vendorOnFlush((ws, message) -> ws.send(audio(pattern(640), "contextId", "c1", null, null, null, null)));
        VendorConfigBuilder config = config(true);
        config.stallTimeoutMs = 300;
        RecordingListener listener = speak(config);
        assertEquals("stall", listener.error.code());
        assertEquals(640, listener.audio().length);
    }

    @Test
    void noAudioAfterFlushForStallTimeoutGivesTimeout() throws Exception {
        vendorOnFlush((ws, message) -> { });
        VendorConfigBuilder config = config(false);
        config.stallTimeoutMs = 300;
        assertEquals("timeout", speak(config).error.code());
    }

    @Test
    void socketCutMidStreamGivesDropped() throws Exception {
        vendorOnFlush((ws, message) -> ws.cancel());
        TtsError error = speak(config(true)).error;
        assertEquals("dropped", error.code());
        assertFalse(error.retryable());
    }

    @Test
    void normalCloseBeforeTheFinalMessageGivesDroppedAndKeepsTheAudio() throws Exception {
        vendorOnFlush((ws, message) -> {
            ws.send(audio(pattern(640), "contextId", "c1", null, null, null, null));
            ws.close(1000, null);
        });
        RecordingListener listener = speak(config(true));
        assertEquals("dropped", listener.error.code());
        assertEquals(640, listener.audio().length);
    }

    @Test
    void closedPortGivesConnectFailed() throws Exception {
        VendorConfigBuilder config = LocalVendorServer.closedPortConfig("websocket");
        config.multiContext = false;
        assertEquals("connect_failed", speak(config).error.code());
    }
}
