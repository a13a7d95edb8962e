package io.sayline.core.tts.elevenlabs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sayline.core.tts.RecordingListener;
import io.sayline.core.tts.TtsError;
import io.sayline.core.tts.VendorConfigBuilder;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

import static io.sayline.core.tts.elevenlabs.HttpVendorTest.pattern;
import static io.sayline.core.tts.elevenlabs.HttpVendorTest.timestampsLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every HTTP failure becomes the right {@link TtsError}, with the vendor's message and never the key. */
class HttpFailureTest {
    @RegisterExtension
    final LocalVendorServer local = new LocalVendorServer();
    private final MockWebServer server = local.server;

    private RecordingListener speak(VendorConfigBuilder config) throws InterruptedException {
        return local.speak(config, "Hello there.");
    }

    private RecordingListener speak() throws InterruptedException {
        return speak(config());
    }

    private VendorConfigBuilder config() {
        return local.config("http");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void invalidKeyGivesHttp401WithVendorMessageAndTheKeyRedacted() throws Exception {
        server.enqueue(json(401, "{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key: "
                + VendorConfigBuilder.API_KEY + "\"}}"));
        TtsError error = speak().error;
        assertEquals("http_401", error.code());
        assertEquals("Invalid API key: [redacted]", error.message());
        assertFalse(error.toString().contains(VendorConfigBuilder.API_KEY));
        assertFalse(error.retryable());
    }

    @Test
    void echoedKeyNeverReachesALogLine() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            server.enqueue(json(429, "{\"detail\":{\"status\":\"system_busy\",\"message\":\"busy for "
                    + VendorConfigBuilder.API_KEY + "\"}}"));
            server.enqueue(json(401, "{\"detail\":{\"message\":\"bad key " + VendorConfigBuilder.API_KEY + "\"}}"));
            assertEquals("http_401", speak().error.code());
        } finally {
            root.detachAppender(logs);
        }
        assertTrue(logs.list.size() >= 2, "the retry and the failure are logged");
        for (ILoggingEvent event : logs.list) {
            assertFalse(event.getFormattedMessage().contains(VendorConfigBuilder.API_KEY), event.getFormattedMessage());
        }
    }

    @Test
    void forbiddenGivesHttp403() throws Exception {
        server.enqueue(json(403, "{\"detail\":{\"status\":\"only_for_creator+\",\"message\":\"This voice needs Creator\"}}"));
        TtsError error = speak().error;
        assertEquals("http_403", error.code());
        assertEquals("This voice needs Creator", error.message());
    }

    @Test
    void validationErrorWithListDetailGivesHttp422AndTheFirstMsg() throws Exception {
        server.enqueue(json(422, "{\"detail\":[{\"loc\":[\"body\",\"text\"],\"msg\":\"field required\",\"type\":\"missing\"}]}"));
        TtsError error = speak().error;
        assertEquals("http_422", error.code());
        assertEquals("field required", error.message());
    }

    @Test
    void systemBusyIsRetriedWithBackoffThenSucceeds() throws Exception {
        server.enqueue(json(429, "{\"detail\":{\"status\":\"system_busy\",\"message\":\"busy\"}}"));
        server.enqueue(json(429, "{\"detail\":{\"status\":\"too_many_concurrent_requests\",\"message\":\"too many\"}}"));
        server.enqueue(new MockResponse().setBody(new Buffer().write(pattern(640))));
        RecordingListener listener = speak();
        assertNull(listener.error);
        assertArrayEquals(pattern(640), listener.audio());
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void systemBusyBeyondMaxRetriesGivesRetryableHttp429() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(429, "{\"detail\":{\"status\":\"system_busy\",\"message\":\"System is busy\"}}"));
        }
        TtsError error = speak().error;
        assertEquals("http_429", error.code());
        assertEquals("System is busy", error.message());
        assertTrue(error.retryable());
        assertEquals(3, server.getRequestCount(), "one request and maxRetries=2 retries");
    }

    @Test
    void quotaExceeded429IsNotRetried() throws Exception {
        server.enqueue(json(429, "{\"detail\":{\"status\":\"quota_exceeded\",\"message\":\"quota\"}}"));
        TtsError error = speak().error;
        assertEquals("http_429", error.code());
        assertFalse(error.retryable());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void serverErrorWithoutBodyGivesHttp5xx() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        TtsError error = speak().error;
        assertEquals("http_5xx", error.code());
        assertEquals("HTTP 503", error.message());
    }

    @Test
    void closedPortGivesConnectFailed() throws Exception {
        TtsError error = speak(LocalVendorServer.closedPortConfig("http")).error;
        assertEquals("connect_failed", error.code());
    }

    @Test
    void noByteAfterFirstAudioForStallTimeoutGivesStall() throws Exception {
        server.enqueue(new MockResponse().setBody(new Buffer().write(pattern(4000)))
                .throttleBody(1000, 2, TimeUnit.SECONDS));
        VendorConfigBuilder config = config();
        config.stallTimeoutMs = 300;
        RecordingListener listener = speak(config);
        assertEquals("stall", listener.error.code());
        assertTrue(listener.audio().length > 0);
    }

    @Test
    void noAnswerBeforeStallTimeoutGivesTimeout() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        VendorConfigBuilder config = config();
        config.stallTimeoutMs = 300;
        assertEquals("timeout", speak(config).error.code());
    }

    @Test
    void connectionDroppedMidStreamGivesDropped() throws Exception {
        // Content-Length promises twice what is sent before the socket closes.
        server.enqueue(new MockResponse().setBody(new Buffer().write(pattern(6400))).setHeader("Content-Length", 12_800)
                .setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        RecordingListener listener = speak();
        assertEquals("dropped", listener.error.code());
        assertEquals(6400, listener.audio().length, "audio before the drop stays delivered");
    }

    @Test
    void timestampsLineThatIsNotJsonGivesMalformed() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"audio_base64\": oops\n"));
        VendorConfigBuilder config = config();
        config.alignment = true;
        assertEquals("malformed", speak(config).error.code());
    }

    @Test
    void audioThatIsNotBase64GivesMalformed() throws Exception {
        server.enqueue(new MockResponse().setBody(timestampsLine(pattern(10), "a", new double[] {0}, new double[] {0.1})
                + "\n{\"audio_base64\":\"%%%not base64%%%\"}\n"));
        VendorConfigBuilder config = config();
        config.alignment = true;
        RecordingListener listener = speak(config);
        assertEquals("malformed", listener.error.code());
        assertEquals(10, listener.audio().length, "audio before the bad line stays delivered");
    }
}
