package io.sayline.core.control.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sayline.fuzz.Fuzz;
import io.sayline.fuzz.FuzzInputs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link ControlCodec} on hostile bot frames: every text frame decodes to a command or to the {@code error} event
 * to send back ({@link Decoded}); nothing throws into the control channel's event loop. Sayline's own events are
 * fuzzed too, through {@link ControlCodec#decodeEvent}, which the bot-side tools use.
 */
class ControlCodecFuzzTest {
    /** One frame of each command, with the optional fields a bot sends. */
    private static final String[] COMMANDS = {
        "{\"type\":\"say\",\"text\":\"Hello, how can I help?\",\"utteranceId\":\"u1\",\"last\":true,"
                + "\"interruptible\":\"none\"}",
        "{\"type\":\"clear\"}",
        "{\"type\":\"mark\",\"name\":\"m1\"}",
        "{\"type\":\"dtmf\",\"digits\":\"12#*a\"}",
        "{\"type\":\"configure\",\"tts\":{\"voiceId\":\"v\",\"voiceSettings\":{\"speed\":1.1}}}",
        "{\"type\":\"hangup\",\"reason\":\"done\"}",
        "{\"type\":\"transfer\",\"target\":\"sip:alice@example.com\"}",
    };

    @Test
    void arbitraryFrameDecodesToACommandOrAnError() {
        Fuzz.forAll(arbitrary(), (String frame) -> {
            assertNotNull(ControlCodec.decode(frame));
            assertNotNull(ControlCodec.decodeEvent(frame));
        });
    }

    @Test
    void damagedCommandDecodesToACommandOrAnError() {
        Fuzz.forAll(damaged(), (byte[] frame) -> {
            // A WebSocket text frame is UTF-8; broken sequences arrive as U+FFFD, as Netty decodes them.
            String text = new String(frame, StandardCharsets.UTF_8);
            assertNotNull(ControlCodec.decode(text));
            assertNotNull(ControlCodec.decodeEvent(text));
        });
    }

    private static FuzzInputs.Gen<String> arbitrary() {
        return FuzzInputs.strings();
    }

    private static FuzzInputs.Gen<byte[]> damaged() {
        return FuzzInputs.mutantsOfText(COMMANDS);
    }
}
