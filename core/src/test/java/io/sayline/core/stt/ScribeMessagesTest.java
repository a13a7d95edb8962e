package io.sayline.core.stt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sayline.config.SttVendorConfig;
import io.sayline.core.net.StreamingRequest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client's side of the realtime speech-to-text wire format, and how failures map onto stt.error codes. */
class ScribeMessagesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ScribeMessages messages = new ScribeMessages(json);

    @Test
    void transcriptsAreReadWithEitherDiscriminator() {
        assertEquals(new ScribeMessage.SessionStarted("s1"),
                messages.read("{\"message_type\":\"session_started\",\"session_id\":\"s1\",\"config\":{}}"));
        assertEquals(new ScribeMessage.Partial("open"), messages.read("{\"message_type\":\"partial_transcript\",\"text\":\"open\"}"));
        assertEquals(new ScribeMessage.Partial("open"), messages.read("{\"type\":\"partial_transcript\",\"text\":\"open\"}"));
        assertEquals(new ScribeMessage.Committed("opening hours"),
                messages.read("{\"message_type\":\"committed_transcript\",\"text\":\"opening hours\"}"));
    }

    @Test
    void timedCommitsKeepTheWordsAndDropSpacingAndPunctuation() {
        ScribeMessage message = messages.read("{\"message_type\":\"committed_transcript_with_timestamps\","
                + "\"text\":\"opening hours.\",\"language_code\":\"en\",\"words\":["
                + "{\"text\":\"opening\",\"start\":0.5,\"end\":0.9,\"type\":\"word\",\"logprob\":-0.1},"
                + "{\"text\":\" \",\"start\":0.9,\"end\":0.9,\"type\":\"spacing\"},"
                + "{\"text\":\"hours\",\"start\":0.9,\"end\":1.3,\"type\":\"word\",\"speaker_id\":\"s0\"},"
                + "{\"text\":\".\",\"start\":1.3,\"end\":1.3,\"type\":\"punctuation\"}]}");
        assertEquals(new ScribeMessage.CommittedWithTimestamps("opening hours.", "en", List.of(
                new ScribeMessage.Word("opening", 0.5, 0.9), new ScribeMessage.Word("hours", 0.9, 1.3))), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"auth_error", "quota_exceeded", "rate_limited", "input_error", "commit_throttled",
            "transcriber_error", "session_time_limit_exceeded", "chunk_size_exceeded", "error"})
    void everyDocumentedErrorIsAnError(String type) {
        ScribeMessage message = messages.read("{\"message_type\":\"" + type + "\",\"error\":\"bad things\"}");
        assertEquals(new ScribeMessage.VendorError(type, "bad things"), message);
    }

    @Test
    void whatCannotBeUsedIsSaidSo() {
        assertInstanceOf(ScribeMessage.Unusable.class, messages.read("not json"));
        assertInstanceOf(ScribeMessage.Unusable.class, messages.read("[1,2]"));
        assertInstanceOf(ScribeMessage.Unusable.class, messages.read("{\"message_type\":\"something_new\"}"));
        assertEquals(new ScribeMessage.VendorError("error", "odd"), messages.read("{\"error\":\"odd\"}"),
                "an unknown message with an error text is an error");
    }

    @Test
    void anAudioChunkIsTheVendorsInputAudioChunk() throws Exception {
        byte[] ulaw = {(byte) 0xFF, 0x7F, 0x00};
        JsonNode chunk = json.readTree(messages.audioChunk(ulaw));
        assertEquals("input_audio_chunk", chunk.get("message_type").asText());
        assertEquals(List.of((byte) 0xFF, (byte) 0x7F, (byte) 0x00),
                asList(Base64.getDecoder().decode(chunk.get("audio_base_64").asText())));
        assertFalse(chunk.get("commit").asBoolean());
        assertEquals(8000, chunk.get("sample_rate").asInt());
    }

    @ParameterizedTest(name = "{0} -> {1}, retry {2}")
    @CsvSource({
            "auth_error, unauthorized, false",
            "unaccepted_terms, unauthorized, false",
            "quota_exceeded, quota_exceeded, false",
            "rate_limited, rate_limited, true",
            "queue_overflow, rate_limited, true",
            "input_error, input_error, false",
            "chunk_size_exceeded, input_error, false",
            "session_time_limit_exceeded, session_limit, true",
            "transcriber_error, vendor_error, true",
            "error, vendor_error, true",
    })
    void vendorErrorsMapOntoSttErrorCodes(String type, String code, boolean retryable) {
        SttFailure failure = SttFailure.ofVendor(type, "text");
        assertEquals(code, failure.code());
        assertEquals(retryable, failure.retryable());
        assertTrue(failure.message().contains(type), failure.message());
    }

    @Test
    void refusedHandshakesMapByStatus() {
        assertEquals("unauthorized", SttFailure.ofHandshake(401, "Unauthorized").code());
        assertEquals("input_error", SttFailure.ofHandshake(422, null).code());
        assertEquals("rate_limited", SttFailure.ofHandshake(429, null).code());
        assertEquals("connect_failed", SttFailure.ofHandshake(503, null).code());
        assertTrue(SttFailure.ofHandshake(503, null).retryable());
    }

    @Test
    void theUpgradeCarriesTheBlocksParametersAndKeyAndSendsMuLaw() {
        SttVendorConfig block = new SttVendorConfig("elevenlabs", "secret", "https://api.elevenlabs.io", "scribe_v2_realtime",
                null, "vad", 0.5, 0.4, 100, 120, true, 40, 2000, 3);
        StreamingRequest request = SttVendors.request(block, "de");
        assertEquals("secret", request.headers().get("xi-api-key"));
        assertEquals("/v1/speech-to-text/realtime", request.uri().getRawPath());
        assertEquals("wss", request.uri().getScheme());
        assertEquals("ulaw_8000", param(request, "audio_format"));
        assertEquals("scribe_v2_realtime", param(request, "model_id"));
        assertEquals("vad", param(request, "commit_strategy"));
        assertEquals("0.5", param(request, "vad_silence_threshold_secs"));
        assertEquals("120", param(request, "min_silence_duration_ms"));
        assertEquals("true", param(request, "include_timestamps"));
        assertEquals("de", param(request, "language_code"), "the bot's language wins");
        assertEquals(null, param(SttVendors.request(block, null), "language_code"), "detect");
    }

    private static String param(StreamingRequest request, String name) {
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(name);
        return values == null ? null : values.get(0);
    }

    private static List<Byte> asList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return List.of(boxed);
    }
}
