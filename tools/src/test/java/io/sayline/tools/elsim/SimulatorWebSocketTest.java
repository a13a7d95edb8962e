package io.sayline.tools.elsim;

import static io.sayline.tools.elsim.SimTestSupport.KEY;
import static io.sayline.tools.elsim.SimTestSupport.samples;
import static io.sayline.tools.elsim.SimTestSupport.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SimulatorWebSocketTest {
    private static final String INIT = "{\"text\":\" \",\"voice_settings\":{\"stability\":0.5,\"similarity_boost\":0.8}}";
    private static final String PCM16 = "?model_id=eleven_flash_v2_5&output_format=pcm_16000";
    private static final String STREAM = "/v1/text-to-speech/v1/stream-input" + PCM16;
    private static final String MULTI = "/v1/text-to-speech/v1/multi-stream-input" + PCM16;
    @RegisterExtension
    static final SignalSimulator SIGNAL = new SignalSimulator();
    private static final OkHttpClient client = SIGNAL.client;

    private static ElevenLabsSimulator sim() {
        return SIGNAL.sim();
    }

    /** One message per generation, so generation boundaries are visible. */
    private static void wholeGenerations() {
        sim().knobs(sim().knobs().toBuilder().chunkBytes(1 << 20).build());
    }

    @Test
    void endOfInputGivesRemainingAudioThenIsFinalThenClose1000() throws Exception {
        WsProbe p = new WsProbe(client, ws(sim(), STREAM, KEY));
        p.send(INIT);
        String text = "Hello world, this is a test. ";
        p.send("{\"text\":\"" + text + "\",\"try_trigger_generation\":true}");
        p.send("{\"text\":\"\"}");
        WsProbe.Event[] close = new WsProbe.Event[1];
        List<JsonNode> msgs = p.untilClose(close);
        JsonNode last = msgs.get(msgs.size() - 1);
        assertTrue(last.get("isFinal").asBoolean(), last.toString());
        assertFalse(last.has("audio"));
        int bytes = 0;
        StringBuilder chars = new StringBuilder();
        for (JsonNode m : msgs.subList(0, msgs.size() - 1)) {
            assertFalse(m.get("isFinal").asBoolean());
            bytes += Base64.getDecoder().decode(m.get("audio").asText()).length;
            JsonNode al = m.get("alignment");
            if (!al.isNull()) {
                al.get("chars").forEach(c -> chars.append(c.asText()));
                assertEquals(al.get("chars").size(), al.get("charStartTimesMs").size());
                assertEquals(al.get("chars").size(), al.get("charDurationsMs").size());
                assertTrue(al.get("charStartTimesMs").get(0).asLong() >= 0, "chunk-relative times");
                assertTrue(m.has("normalizedAlignment"));
            }
        }
        assertEquals(text, chars.toString());
        assertEquals(2 * samples(text, 16000), bytes);
        assertEquals(1000, close[0].closeCode());
    }

    @Test
    void chunkLengthScheduleDecidesWhenEachGenerationStarts() throws Exception {
        wholeGenerations();
        WsProbe p = new WsProbe(client, ws(sim(), STREAM, KEY));
        p.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[50,60]}}");
        String a = "a".repeat(30) + " ";
        String b = "b".repeat(30) + " ";
        String c = "c".repeat(10) + " ";
        p.send("{\"text\":\"" + a + "\"}");   // 31 buffered: below 50
        p.send("{\"text\":\"" + b + "\"}");   // 62 buffered: first generation
        p.send("{\"text\":\"" + c + "\"}");   // 11 buffered: below 60
        p.send("{\"text\":\"\"}");            // end: the rest
        WsProbe.Event[] close = new WsProbe.Event[1];
        List<JsonNode> msgs = p.untilClose(close);
        assertEquals(3, msgs.size(), msgs.toString());
        assertEquals(a + b, chars(msgs.get(0)));
        assertEquals(c, chars(msgs.get(1)));
        assertTrue(msgs.get(2).get("isFinal").asBoolean());
        assertEquals(1000, close[0].closeCode());
    }

    @Test
    void flushGeneratesTextBelowTheThresholdAndKeepsTheSocketOpen() throws Exception {
        wholeGenerations();
        WsProbe p = new WsProbe(client, ws(sim(), STREAM, KEY));
        p.send(INIT);
        p.send("{\"text\":\"Short turn. \",\"flush\":true}");
        assertEquals("Short turn. ", chars(p.nextJson()));
        p.send("{\"text\":\"Next turn. \",\"flush\":true}");
        assertEquals("Next turn. ", chars(p.nextJson()));
        p.send("{\"text\":\"\"}");
        assertTrue(p.nextJson().get("isFinal").asBoolean());
        assertEquals(1000, p.next().closeCode());
    }

    @Test
    void autoModeGeneratesEachMessageAtOnce() throws Exception {
        wholeGenerations();
        WsProbe p = new WsProbe(client, ws(sim(), STREAM + "&auto_mode=true", KEY));
        p.send(INIT);
        p.send("{\"text\":\"One sentence. \"}");
        assertEquals("One sentence. ", chars(p.nextJson()));
        p.socket.close(1000, null);
    }

    @Test
    void mp3OverWebSocketArrivesAsMpegFramesPerGeneration() throws Exception {
        wholeGenerations();
        WsProbe p = new WsProbe(client, ws(sim(), "/v1/text-to-speech/v1/stream-input?output_format=mp3_22050_32", KEY));
        p.send(INIT);
        p.send("{\"text\":\"An mp3 turn with some words. \",\"flush\":true}");
        byte[] mp3 = Base64.getDecoder().decode(p.nextJson().get("audio").asText());
        assertEquals(0xFF, mp3[0] & 0xFF);
        assertEquals(0xE0, mp3[1] & 0xE0);
        p.socket.close(1000, null);
    }

    @Test
    void changedVoiceSettingsCloseWith1008() throws Exception {
        WsProbe p = new WsProbe(client, ws(sim(), STREAM, KEY));
        p.send(INIT);
        p.send("{\"text\":\"Hello \",\"voice_settings\":{\"stability\":0.9,\"similarity_boost\":0.8}}");
        WsProbe.Event e = p.next();
        assertEquals(1008, e.closeCode());
        assertTrue(e.closeReason().contains("voice_settings"), e.closeReason());
    }

    @Test
    void inactivityClosesWith1008AndTheVendorsReason() throws Exception {
        sim().knobs(sim().knobs().toBuilder().inactivityTimeoutMs(300).build());
        WsProbe p = new WsProbe(client, ws(sim(), STREAM, KEY));
        p.send(INIT);
        WsProbe.Event e = p.next();
        assertEquals(1008, e.closeCode());
        assertTrue(e.closeReason().startsWith("Have not received a new text input within the timeout of"),
                e.closeReason());
        assertTrue(e.closeReason().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123,
                "RFC 6455 close reasons fit in a control frame");
    }

    @Test
    void keyInTheFirstMessageAuthenticatesAndAWrongOneCloses1008() throws Exception {
        WsProbe good = new WsProbe(client, ws(sim(), STREAM, null));
        good.send("{\"text\":\" \",\"xi_api_key\":\"" + KEY + "\"}");
        good.send("{\"text\":\"Hi there. \",\"flush\":true}");
        assertTrue(good.nextJson().has("audio"));
        good.socket.close(1000, null);

        WsProbe bad = new WsProbe(client, ws(sim(), STREAM, null));
        bad.send("{\"text\":\" \",\"xi-api-key\":\"nope\"}");
        JsonNode err = bad.nextJson();
        assertEquals("invalid_api_key", err.get("error").asText());
        assertEquals(1008, bad.next().closeCode());
    }

    @Test
    void authorizationQueryParameterAuthenticates() throws Exception {
        WsProbe p = new WsProbe(client, ws(sim(), STREAM + "&authorization=" + KEY, null));
        p.send(INIT);
        p.send("{\"text\":\"Hi. \",\"flush\":true}");
        assertTrue(p.nextJson().has("audio"));
        p.socket.close(1000, null);
    }

    @Test
    void firstMessageMustBeASingleSpace() throws Exception {
        WsProbe p = new WsProbe(client, ws(sim(), STREAM, KEY));
        p.send("{\"text\":\"Hello \"}");
        assertEquals(1008, p.next().closeCode());
    }

    @Test
    void multiContextTaggesAudioAndCloseContextEndsOnlyThatContext() throws Exception {
        wholeGenerations();
        WsProbe p = new WsProbe(client, ws(sim(), MULTI, KEY));
        p.send("{\"text\":\" \",\"voice_settings\":{\"stability\":0.5},\"context_id\":\"c1\"}");
        p.send("{\"text\":\"First turn. \",\"context_id\":\"c1\",\"flush\":true}");
        JsonNode a1 = p.nextJson();
        assertEquals("c1", a1.get("contextId").asText());
        assertEquals("First turn. ", chars(a1));
        p.send("{\"context_id\":\"c1\",\"close_context\":true}");
        JsonNode f1 = p.nextJson();
        assertEquals("c1", f1.get("contextId").asText());
        assertTrue(f1.get("isFinal").asBoolean());
        p.send("{\"text\":\" \",\"context_id\":\"c2\"}");
        p.send("{\"text\":\"Second turn. \",\"context_id\":\"c2\",\"flush\":true}");
        JsonNode a2 = p.nextJson();
        assertEquals("c2", a2.get("contextId").asText());
        p.send("{\"close_socket\":true}");
        JsonNode f2 = p.nextJson();
        assertEquals("c2", f2.get("contextId").asText());
        assertTrue(f2.get("isFinal").asBoolean());
        assertEquals(1000, p.next().closeCode());
    }

    @Test
    void snakeCaseSwitchesRenameContextIdAndIsFinal() throws Exception {
        sim().knobs(sim().knobs().toBuilder().snakeCaseContextId(true).snakeCaseIsFinal(true).docsDurationsKey(true)
                .chunkBytes(1 << 20).build());
        WsProbe p = new WsProbe(client, ws(sim(), MULTI, KEY));
        p.send("{\"text\":\" \",\"context_id\":\"x\"}");
        p.send("{\"text\":\"Hi. \",\"context_id\":\"x\",\"flush\":true}");
        JsonNode a = p.nextJson();
        assertEquals("x", a.get("context_id").asText());
        assertFalse(a.has("is_final"), "multi-context audio messages carry no isFinal");
        assertTrue(a.get("alignment").has("charsDurationsMs"));
        p.send("{\"context_id\":\"x\",\"close_context\":true}");
        assertTrue(p.nextJson().get("is_final").asBoolean());
        p.socket.close(1000, null);
    }

    @Test
    void emptyTextKeepsAMultiContextAliveAndCloseContextLetsFlushedAudioFinish() throws Exception {
        wholeGenerations();
        sim().knobs(sim().knobs().toBuilder().firstChunkDelayMs(200).build());
        WsProbe p = new WsProbe(client, ws(sim(), MULTI, KEY));
        p.send("{\"text\":\" \",\"context_id\":\"a\"}");
        p.send("{\"text\":\"\",\"context_id\":\"a\"}");          // KeepContextAlive
        p.send("{\"text\":\" \"}");                                 // keepalive without a context
        p.send("{\"text\":\"Flushed words. \",\"context_id\":\"a\",\"flush\":true}");
        p.send("{\"text\":\"Unflushed words \",\"context_id\":\"a\"}");
        p.send("{\"context_id\":\"a\",\"close_context\":true}");
        JsonNode audio = p.nextJson();
        assertEquals("Flushed words. ", chars(audio), "flushed audio still arrives after close_context");
        JsonNode fin = p.nextJson();
        assertEquals("a", fin.get("contextId").asText());
        assertTrue(fin.get("isFinal").asBoolean());
        p.send("{\"close_socket\":true}");
        assertEquals(1000, p.next().closeCode());
    }

    @Test
    void sixthOpenContextCloses1008() throws Exception {
        WsProbe p = new WsProbe(client, ws(sim(), MULTI, KEY));
        for (int i = 1; i <= 6; i++) {
            p.send("{\"text\":\" \",\"context_id\":\"c" + i + "\"}");
        }
        assertEquals(1008, p.next().closeCode());
    }

    @Test
    void scheduleEntriesOutside50To500Close1008() throws Exception {
        WsProbe p = new WsProbe(client, ws(sim(), STREAM, KEY));
        p.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[20]}}");
        assertEquals(1008, p.next().closeCode());
    }

    @Test
    void wrongHandshakeKeyIsRefusedBeforeTheUpgrade() throws Exception {
        WsProbe p = new WsProbe(client, ws(sim(), STREAM, "wrong"));
        WsProbe.Event e = p.next();
        assertTrue(e.failure() != null, "handshake must fail");
    }

    private static String chars(JsonNode audioMessage) {
        StringBuilder s = new StringBuilder();
        audioMessage.get("alignment").get("chars").forEach(c -> s.append(c.asText()));
        return s.toString();
    }
}
