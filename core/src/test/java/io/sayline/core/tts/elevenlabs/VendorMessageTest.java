package io.sayline.core.tts.elevenlabs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.sayline.core.tts.Alignment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vendor messages read token by token: audio, both alignment shapes, and what is not what the vendor documents. */
class VendorMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDIO = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});

    @Test
    void timestampsLineGivesAudioAndAlignmentInMilliseconds() throws Exception {
        VendorMessage message = line("{\"audio_base64\":\"" + AUDIO + "\",\"alignment\":{\"characters\":[\"H\",\"é\",\" \"],"
                + "\"character_start_times_seconds\":[0,0.05,0.1],\"character_end_times_seconds\":[0.05,0.1,0.125]},"
                + "\"normalized_alignment\":{\"characters\":[\"x\"]}}");
        assertArrayEquals(new byte[] {1, 2, 3, 4}, message.audio());
        Alignment alignment = message.alignment();
        assertEquals(List.of("H", "é", " "), alignment.chars());
        assertArrayEquals(new int[] {0, 50, 100}, alignment.startMs());
        assertArrayEquals(new int[] {50, 50, 25}, alignment.durationMs());
    }

    @Test
    void webSocketFrameTakesEitherSpellingOfTheDurations() throws Exception {
        for (String durations : new String[] {"charDurationsMs", "charsDurationsMs"}) {
            VendorMessage message = frame("{\"audio\":\"" + AUDIO + "\",\"isFinal\":false,\"contextId\":\"c1\","
                    + "\"alignment\":{\"chars\":[\"a\",\"b\"],\"charStartTimesMs\":[0,40],\"" + durations + "\":[40,35]}}");
            assertEquals("c1", message.contextId());
            assertArrayEquals(new int[] {0, 40}, message.alignment().startMs());
            assertArrayEquals(new int[] {40, 35}, message.alignment().durationMs(), durations);
        }
    }

    @Test
    void aMessageWithoutAlignmentHasNone() throws Exception {
        assertNull(line("{\"audio_base64\":\"" + AUDIO + "\",\"alignment\":null}").alignment());
    }

    @Test
    void arraysOfDifferentLengthsAreMalformed() {
        VendorMessage.MalformedException e = assertThrows(VendorMessage.MalformedException.class, () -> line(
                "{\"audio_base64\":\"\",\"alignment\":{\"characters\":[\"a\",\"b\"],"
                        + "\"character_start_times_seconds\":[0],\"character_end_times_seconds\":[0.1,0.2]}}"));
        assertEquals("alignment arrays are missing or of different lengths", e.getMessage());
    }

    @Test
    void timesThatAreNotNumbersAreMalformed() {
        VendorMessage.MalformedException e = assertThrows(VendorMessage.MalformedException.class, () -> frame(
                "{\"audio\":\"\",\"alignment\":{\"chars\":[\"a\"],\"charStartTimesMs\":[\"0\"],\"charDurationsMs\":[40]}}"));
        assertEquals("alignment times must be numbers", e.getMessage());
    }

    @Test
    void aFrameThatIsNotUtf8IsMalformed() {
        // The vendor sockets leave UTF-8 validation to this parser (ClientWebSocket): it must refuse the frame.
        byte[] broken = ("{\"audio\":\"\",\"alignment\":{\"chars\":[\"XX\"],\"charStartTimesMs\":[0],"
                + "\"charDurationsMs\":[40]}}").getBytes(StandardCharsets.US_ASCII);
        int at = new String(broken, StandardCharsets.US_ASCII).indexOf("XX");
        broken[at] = (byte) 0xC3; // a two-byte sequence's lead byte, then not a continuation byte
        broken[at + 1] = (byte) 0x28;
        assertThrows(VendorMessage.MalformedException.class,
                () -> VendorMessage.parseWebSocket(JSON, Unpooled.wrappedBuffer(broken)));
    }

    private static VendorMessage line(String json) throws VendorMessage.MalformedException {
        byte[] bytes = ("  " + json).getBytes(StandardCharsets.UTF_8);
        return VendorMessage.parseTimestampsLine(JSON, bytes, 2, bytes.length - 2);
    }

    private static VendorMessage frame(String json) throws VendorMessage.MalformedException {
        return VendorMessage.parseWebSocket(JSON, Unpooled.directBuffer().writeBytes(json.getBytes(StandardCharsets.UTF_8)));
    }
}
