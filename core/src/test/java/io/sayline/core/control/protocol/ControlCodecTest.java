package io.sayline.core.control.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlCodecTest {

    static Stream<Arguments> goodCommands() {
        return Stream.of(
                Arguments.of("{\"type\":\"say\",\"text\":\"Hi.\"}",
                        new Command.Say("Hi.", null, true, Interruptible.ANY, false)),
                Arguments.of("{\"type\":\"say\",\"text\":\"Hel\",\"utteranceId\":\"u1\",\"last\":false,"
                                + "\"interruptible\":\"dtmf\",\"preemptible\":true}",
                        new Command.Say("Hel", "u1", false, Interruptible.DTMF, true)),
                Arguments.of("{\"type\":\"say\",\"text\":\"\",\"utteranceId\":\"u1\",\"last\":true,\"interruptible\":null}",
                        new Command.Say("", "u1", true, Interruptible.ANY, false)),
                Arguments.of("{\"type\":\"say\",\"text\":\"x\",\"interruptible\":\"none\",\"future\":{\"a\":[1]}}",
                        new Command.Say("x", null, true, Interruptible.NONE, false)),
                Arguments.of("{\"type\":\"clear\"}", new Command.Clear()),
                Arguments.of("{\"type\":\"mark\",\"name\":\"m1\"}", new Command.Mark("m1")),
                Arguments.of("{\"type\":\"dtmf\",\"digits\":\"12#*a\"}", new Command.Dtmf("12#*A")),
                Arguments.of("{\"type\":\"configure\",\"tts\":{\"voiceId\":\"v\",\"voiceSettings\":{\"speed\":1.1}}}",
                        new Command.Configure(Map.of("voiceId", "v", "voiceSettings", Map.of("speed", 1.1)))),
                Arguments.of("{\"type\":\"hangup\",\"reason\":\"done\"}", new Command.Hangup("done")),
                Arguments.of("{\"type\":\"hangup\"}", new Command.Hangup(null)),
                Arguments.of("{\"type\":\"transfer\",\"target\":\"sip:alice@example.com\"}",
                        new Command.Transfer("sip:alice@example.com")),
                Arguments.of("{\"type\":\"listen\",\"enabled\":true,\"format\":\"ulaw\",\"rate\":8000}",
                        Command.Listen.start(Command.Listen.AudioFormat.ULAW, 8000)),
                Arguments.of("{\"type\":\"listen\",\"enabled\":true}",
                        Command.Listen.start(Command.Listen.AudioFormat.ULAW, 8000)),
                Arguments.of("{\"type\":\"listen\",\"enabled\":true,\"format\":\"l16\",\"rate\":16000}",
                        Command.Listen.start(Command.Listen.AudioFormat.L16, 16000)),
                Arguments.of("{\"type\":\"listen\",\"enabled\":false,\"format\":\"whatever\"}",
                        Command.Listen.stop()),
                Arguments.of("{\"type\":\"transcribe\",\"enabled\":true}", new Command.Transcribe(true, null, null)),
                Arguments.of("{\"type\":\"transcribe\",\"enabled\":true,\"stt\":\"scribe\",\"language\":\"en\"}",
                        new Command.Transcribe(true, "scribe", "en")),
                Arguments.of("{\"type\":\"transcribe\",\"enabled\":false}", new Command.Transcribe(false, null, null)));
    }

    @ParameterizedTest
    @MethodSource("goodCommands")
    void goodCommandDecodesToItsValue(String json, Command expected) {
        Decoded<Command> decoded = ControlCodec.decode(json);

        assertTrue(decoded.isOk(), decoded::toString);
        assertEquals(expected, decoded.value());
    }

    @ParameterizedTest
    @MethodSource("goodCommands")
    void encodedCommandDecodesToTheSameValue(String json, Command command) {
        assertEquals(command, ControlCodec.decode(ControlCodec.encode(command)).value());
    }

    static Stream<Arguments> badCommands() {
        return Stream.of(
                // json, code, ref, words the message must contain
                Arguments.of("", "invalid_json", null, "empty"),
                Arguments.of("   ", "invalid_json", null, "empty"),
                Arguments.of("{\"type\":\"say\",", "invalid_json", null, "not valid JSON"),
                Arguments.of("{\"type\":\"clear\"} {}", "invalid_json", null, "not valid JSON"),
                Arguments.of("[1,2]", "invalid_json", null, "array"),
                Arguments.of("\"say\"", "invalid_json", null, "string"),
                Arguments.of("{\"type\":\"clear\"" + "".repeat(0) + ",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}",
                        "invalid_json", null, "not valid JSON"),
                Arguments.of("{\"text\":\"hi\"}", "missing_field", null, "'type'"),
                Arguments.of("{\"type\":null}", "missing_field", null, "'type'"),
                Arguments.of("{\"type\":7}", "wrong_type", null, "'type'"),
                Arguments.of("{\"type\":\"sing\"}", "unknown_type", "sing", "sing"),
                Arguments.of("{\"type\":\"" + "x".repeat(200) + "\"}", "unknown_type", "x".repeat(64) + "…", "unknown"),
                Arguments.of("{\"type\":\"say\"}", "missing_field", "say", "'text'"),
                Arguments.of("{\"type\":\"say\",\"text\":5}", "wrong_type", "say", "say.text must be a string"),
                Arguments.of("{\"type\":\"say\",\"text\":\"a\",\"last\":\"false\"}", "wrong_type", "say",
                        "say.last must be a boolean, was string"),
                Arguments.of("{\"type\":\"say\",\"text\":\"a\",\"preemptible\":1}", "wrong_type", "say", "say.preemptible"),
                Arguments.of("{\"type\":\"say\",\"text\":\"a\",\"interruptible\":\"sometimes\"}", "invalid_value", "say",
                        "say.interruptible"),
                Arguments.of("{\"type\":\"say\",\"text\":\"a\",\"utteranceId\":\"\"}", "invalid_value", "say", "utteranceId"),
                Arguments.of("{\"type\":\"say\",\"text\":\"a\",\"utteranceId\":3}", "wrong_type", "say", "utteranceId"),
                Arguments.of("{\"type\":\"mark\"}", "missing_field", "mark", "'name'"),
                Arguments.of("{\"type\":\"dtmf\",\"digits\":\"12x\"}", "invalid_value", "dtmf", "'x'"),
                Arguments.of("{\"type\":\"dtmf\",\"digits\":\"\"}", "invalid_value", "dtmf", "digits"),
                Arguments.of("{\"type\":\"dtmf\",\"digits\":[1]}", "wrong_type", "dtmf", "dtmf.digits must be a string, was array"),
                Arguments.of("{\"type\":\"configure\",\"tts\":\"eleven\"}", "wrong_type", "configure", "configure.tts must be an object"),
                Arguments.of("{\"type\":\"configure\"}", "missing_field", "configure", "'tts'"),
                Arguments.of("{\"type\":\"hangup\",\"reason\":{}}", "wrong_type", "hangup", "hangup.reason"),
                Arguments.of("{\"type\":\"transfer\",\"target\":\"http://x\"}", "invalid_value", "transfer", "sip:"),
                Arguments.of("{\"type\":\"transfer\"}", "missing_field", "transfer", "'target'"),
                Arguments.of("{\"type\":\"listen\"}", "missing_field", "listen", "'enabled'"),
                Arguments.of("{\"type\":\"listen\",\"enabled\":\"yes\"}", "wrong_type", "listen", "listen.enabled"),
                Arguments.of("{\"type\":\"listen\",\"enabled\":true,\"format\":\"opus\"}", "invalid_value", "listen",
                        "listen.format: must be ulaw or l16, was 'opus'"),
                Arguments.of("{\"type\":\"listen\",\"enabled\":true,\"format\":\"ulaw\",\"rate\":16000}",
                        "invalid_value", "listen", "ulaw is the caller's own 8 kHz audio"),
                Arguments.of("{\"type\":\"listen\",\"enabled\":true,\"format\":\"l16\",\"rate\":44100}",
                        "invalid_value", "listen", "listen.rate: must be 8000 or 16000, was 44100"),
                Arguments.of("{\"type\":\"listen\",\"enabled\":true,\"rate\":1e99}", "wrong_type", "listen", "listen.rate"),
                Arguments.of("{\"type\":\"listen\",\"enabled\":true,\"format\":\"l16\",\"rate\":99999999999}",
                        "invalid_value", "listen", "listen.rate"),
                Arguments.of("{\"type\":\"transcribe\"}", "missing_field", "transcribe", "'enabled'"),
                Arguments.of("{\"type\":\"transcribe\",\"enabled\":true,\"language\":\"English\"}", "invalid_value",
                        "transcribe", "transcribe.language"),
                Arguments.of("{\"type\":\"transcribe\",\"enabled\":true,\"stt\":5}", "wrong_type", "transcribe",
                        "transcribe.stt"));
    }

    @ParameterizedTest
    @MethodSource("badCommands")
    void badCommandDecodesToAnErrorNamingTheProblem(String json, String code, String ref, String words) {
        Decoded<Command> decoded = ControlCodec.decode(json);

        assertFalse(decoded.isOk(), decoded::toString);
        assertEquals(code, decoded.error().code());
        assertEquals(ref, decoded.error().ref());
        assertTrue(decoded.error().message().contains(words), decoded.error().message());
    }

    @Test
    void nullFrameIsAnErrorNotAnException() {
        assertEquals("invalid_json", ControlCodec.decode(null).error().code());
    }

    @Test
    void everyBadFrameKeepsItsErrorShort() {
        String huge = "{\"type\":\"say\",\"text\":" + "1".repeat(10_000) + "}";
        assertTrue(ControlCodec.decode(huge).error().message().length() < 300);
    }

    static Stream<Event> events() {
        return Stream.of(
                Event.SessionStart.builder().callId("c1").from("sip:a@b").to("sip:bot@s").sipCallId("x@y")
                        .headers(Map.of("X-Tenant", "t1")).codec("PCMU").tts("embedded", "kevin16").build(),
                Event.SessionStart.builder().callId("c2").tts("eleven", null).resumed(true).build(),
                new Event.SpeechStarted("u1", 180),
                new Event.SpeechDone("u1", 2400, new Event.Latency(180, 150, 30, 0, 10)),
                new Event.SpeechInterrupted("u1", Event.InterruptReason.DTMF, "Hello, you", 640, null),
                new Event.SpeechInterrupted("u1", Event.InterruptReason.PREEMPTED, "", 0, true),
                new Event.Mark("m1"),
                new Event.Dtmf("#", 120),
                new Event.TtsError("u1", "vendor_429", "busy", "embedded"),
                new Event.TtsError("u2", "vendor_500", "failed", null),
                new Event.Backpressure(Event.BackpressureState.PAUSE, 4100),
                new Event.Error("unknown_type", "unknown command type 'sing'", "sing"),
                new Event.Error("invalid_json", "frame is empty", null),
                new Event.SessionEnd(Event.EndReason.RTP_TIMEOUT, 61000),
                new Event.ListenOverflow(37),
                new Event.SpeechInterrupted("u1", Event.InterruptReason.SPEECH, "Hello", 300, null, "wait"),
                new Event.Transcript("opening", false, 5120, 5480, null, null),
                new Event.Transcript("opening hours", true, 5180, 5930, "en",
                        List.of(new Event.Word("opening", 5180, 5560), new Event.Word("hours", 5600, 5930))),
                new Event.SttError("rate_limited", "rate_limited: busy", "scribe", true),
                new Event.SttError("not_configured", "no stt block", null, false));
    }

    @ParameterizedTest
    @MethodSource("events")
    void encodedEventDecodesToTheSameValue(Event event) {
        assertEquals(event, ControlCodec.decodeEvent(ControlCodec.encode(event)).value());
    }

    @Test
    void eventsUseTheWireNamesOfTheProtocolTable() {
        assertEquals("{\"type\":\"session.end\",\"reason\":\"caller-hangup\",\"durationMs\":5}",
                ControlCodec.encode(new Event.SessionEnd(Event.EndReason.CALLER_HANGUP, 5)));
        assertEquals("{\"type\":\"tts.error\",\"utteranceId\":\"u\",\"code\":\"c\",\"message\":\"m\",\"fallback\":null}",
                ControlCodec.encode(new Event.TtsError("u", "c", "m", null)));
        assertEquals("{\"type\":\"speech.started\",\"utteranceId\":\"u\",\"ttfaMs\":7}",
                ControlCodec.encode(new Event.SpeechStarted("u", 7)));
        assertEquals("{\"type\":\"listen.overflow\",\"dropped\":12}", ControlCodec.encode(new Event.ListenOverflow(12)));
        assertEquals("{\"type\":\"transcript\",\"text\":\"one\",\"final\":true,\"startMs\":1,\"endMs\":2}",
                ControlCodec.encode(new Event.Transcript("one", true, 1, 2, null, null)));
        assertEquals("{\"type\":\"stt.error\",\"code\":\"c\",\"message\":\"m\",\"stt\":\"s\",\"retrying\":false}",
                ControlCodec.encode(new Event.SttError("c", "m", "s", false)));
        assertTrue(ControlCodec.encode(Event.SessionStart.builder().callId("c").tts("t", null).build())
                .endsWith(",\"protocolVersion\":\"1.1\"}"), "session.start says which revision of v1 it speaks");
    }

    @Test
    void unknownReasonFromANewerServerDecodesAsUnknown() {
        Decoded<Event> decoded = ControlCodec.decodeEvent("{\"type\":\"session.end\",\"reason\":\"alien\",\"durationMs\":1}");
        assertEquals(new Event.SessionEnd(Event.EndReason.UNKNOWN, 1), decoded.value());
    }

    @Test
    void configureKeepsNestedValuesReadOnly() {
        Command.Configure configure = (Command.Configure) ControlCodec.decode(
                "{\"type\":\"configure\",\"tts\":{\"chunkLengthSchedule\":[50,90]}}").value();
        assertEquals(List.of(50, 90), configure.tts().get("chunkLengthSchedule"));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> configure.tts().put("x", 1));
    }
}
