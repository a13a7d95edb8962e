package io.sayline.core.tts;

import io.sayline.core.tts.elevenlabs.LocalVendorServer;
import io.sayline.rtp.transcode.AudioFormat;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FallbackTtsSessionTest {
    private static final int BYTES_100_MS = 3200;

    @RegisterExtension
    final LocalVendorServer local = new LocalVendorServer();
    private final MockWebServer server = local.server;
    private final FakeTtsVendor fallback = new FakeTtsVendor("embedded", AudioFormat.PCM_16000);

    private TtsSession session(VendorConfigBuilder config) {
        return new FallbackTtsVendor(local.vendor(config), fallback).openSession(new TtsSessionContext("call-1", null));
    }

    private VendorConfigBuilder httpConfig() {
        VendorConfigBuilder config = local.config("http");
        config.maxRetries = 0;
        return config;
    }

    @Test
    void vendor429FallsBackAndTheFallbackSpeaksTheWholeText() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429)
                .setBody("{\"detail\":{\"status\":\"system_busy\",\"message\":\"busy\"}}"));
        RecordingListener listener = new RecordingListener();

        TtsSession.Utterance utterance = session(httpConfig()).start("u1", listener);
        utterance.append("Hello there.");
        utterance.finish();
        listener.awaitDone();

        assertEquals("embedded", listener.fallbackVendor);
        assertEquals("http_429", listener.fallbackError.code());
        assertEquals(List.of("Hello there."), fallback.spoken);
        assertArrayEquals("Hello there.".getBytes(StandardCharsets.UTF_8), listener.audio());
        assertEquals(List.of("sent", "fallback:embedded", "audio", "end"), listener.snapshot());
        assertNull(listener.error);
    }

    @Test
    void dropAfterAlignedAudioFallsBackWithOnlyTheUnspokenRest() throws Exception {
        // The first line speaks "Hello there. " with alignment; the connection then dies mid-line.
        String first = line(new byte[BYTES_100_MS], "Hello there. ");
        String second = line(new byte[BYTES_100_MS], "How are you?");
        // The text is cut into two pieces requested together: only the first one's answer matters here.
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getBody().clone().readUtf8().contains("Hello")
                        ? truncated(first + "\n" + second.substring(0, 100))
                        : new MockResponse().setBody(second + "\n");
            }
        });
        VendorConfigBuilder config = httpConfig();
        config.alignment = true;
        RecordingListener listener = new RecordingListener();

        TtsSession.Utterance utterance = session(config).start("u1", listener);
        utterance.append("Hello there. How are you?");
        utterance.finish();
        listener.awaitDone();

        assertEquals("dropped", listener.fallbackError.code());
        assertEquals(List.of("How are you?"), fallback.spoken);
        assertEquals(List.of("sent", "audio", "alignment", "fallback:embedded", "audio", "end"), listener.snapshot());
    }

    @Test
    void fallbackInAnotherFormatAnnouncesTheFormatBeforeItsAudio() throws Exception {
        FakeTtsVendor ulaw = new FakeTtsVendor("embedded8k", AudioFormat.ULAW_8000);
        TtsSession failing = new FakeFailingSession(new TtsError("http_5xx", "HTTP 500", false));
        RecordingListener listener = new RecordingListener();

        TtsSession session = new FallbackTtsSession(failing, AudioFormat.PCM_16000, ulaw, null);
        TtsSession.Utterance utterance = session.start("u1", listener);
        utterance.append("Hi.");
        utterance.finish();

        assertEquals(List.of("fallback:embedded8k", "format:ulaw_8000", "audio", "end"), listener.snapshot());
        assertEquals(List.of("Hi."), ulaw.spoken);
    }

    @Test
    void textAppendedAfterTheSwitchGoesToTheFallback() throws Exception {
        TtsSession failing = new FakeFailingSession(new TtsError("ws_1008", "inactivity", false));
        RecordingListener listener = new RecordingListener();

        TtsSession.Utterance utterance = new FallbackTtsSession(failing, AudioFormat.PCM_16000, fallback, null)
                .start("u1", listener);
        utterance.append("Hello ");
        utterance.append("world.");
        utterance.finish();

        assertEquals(List.of("Hello world."), fallback.spoken);
    }

    @Test
    void rejectedKeySendsLaterUtterancesStraightToTheFallback() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(401)
                .setBody("{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}"));
        TtsSession session = session(httpConfig());
        RecordingListener first = new RecordingListener();
        TtsSession.Utterance one = session.start("u1", first);
        one.append("One.");
        one.finish();
        first.awaitDone();
        RecordingListener second = new RecordingListener();
        TtsSession.Utterance two = session.start("u2", second);
        two.append("Two.");
        two.finish();
        second.awaitDone();

        assertEquals(1, server.getRequestCount());
        assertEquals(List.of("One.", "Two."), fallback.spoken);
        assertEquals("http_401", second.fallbackError.code());
    }

    /** A response whose Content-Length promises more than is sent before the socket closes. */
    static MockResponse truncated(String body) {
        return new MockResponse().setBody(body).setHeader("Content-Length", body.length() * 2)
                .setSocketPolicy(SocketPolicy.DISCONNECT_AT_END);
    }

    private static String line(byte[] audio, String chars) {
        StringBuilder characters = new StringBuilder();
        StringBuilder starts = new StringBuilder();
        StringBuilder ends = new StringBuilder();
        for (int i = 0; i < chars.length(); i++) {
            String sep = i == 0 ? "" : ",";
            characters.append(sep).append('"').append(chars.charAt(i)).append('"');
            starts.append(sep).append(i * 0.005);
            ends.append(sep).append((i + 1) * 0.005);
        }
        return "{\"audio_base64\":\"" + Base64.getEncoder().encodeToString(audio) + "\",\"alignment\":{\"characters\":["
                + characters + "],\"character_start_times_seconds\":[" + starts + "],\"character_end_times_seconds\":["
                + ends + "]}}";
    }

    /** A primary whose every utterance fails as soon as text arrives, synchronously. */
    private static final class FakeFailingSession implements TtsSession {
        private final TtsError error;

        FakeFailingSession(TtsError error) {
            this.error = error;
        }

        @Override
        public Utterance start(String utteranceId, TtsListener listener) {
            return new Utterance() {
                private boolean failed;

                @Override
                public void append(String text) {
                    if (!failed) {
                        failed = true;
                        listener.onError(error);
                    }
                }

                @Override
                public void finish() {
                    append(" ");
                }

                @Override
                public void cancel() {
                    failed = true;
                }
            };
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
