package io.sayline.tools.bots;

import io.sayline.core.testing.FakeBotContext;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.ListenFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayBotTest {
    private final List<String> printed = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final RelayHub hub = new RelayHub(problems::add);
    private final RelayBot bot = new RelayBot(hub, printed::add);
    private final FakeBotContext context = new FakeBotContext();

    @Test
    void aTypedLineIsStreamedWordByWordThenEndedWithLastTrue() {
        connect();

        assertEquals(1, hub.relay("Hello there,  caller!"));

        assertEquals(List.of(Command.Say.token("line-1", "Hello ", false),
                Command.Say.token("line-1", "there, ", false),
                Command.Say.token("line-1", "caller! ", false),
                Command.Say.token("line-1", "", true)), context.drain());
    }

    @Test
    void eachLineIsItsOwnUtterance() {
        connect();

        hub.relay("one");
        hub.relay("/mark after-one");
        hub.relay("two");

        List<Command> sent = context.drain();
        assertEquals("line-1", ((Command.Say) sent.get(0)).utteranceId());
        assertEquals(new Command.Mark("after-one"), sent.get(2));
        assertEquals("line-2", ((Command.Say) sent.get(3)).utteranceId());
    }

    @Test
    void everyEventIsPrintedAsItsJsonLine() {
        connect();
        bot.onEvent(new Event.Dtmf("5", 100), context);

        assertEquals(2, printed.size());
        assertTrue(printed.get(0).startsWith("{\"type\":\"session.start\""), printed.get(0));
        assertEquals("{\"type\":\"dtmf\",\"digit\":\"5\",\"durationMs\":100}", printed.get(1));
    }

    @Test
    void transcriptsArePrinted() {
        connect();
        bot.onEvent(new Event.Transcript("opening hours", true, 1200, 2100, "en", null), context);

        assertEquals("{\"type\":\"transcript\",\"text\":\"opening hours\",\"final\":true,\"startMs\":1200,"
                + "\"endMs\":2100,\"language\":\"en\"}", printed.get(1));
    }

    @Test
    void slashCommandsBecomeTheirCommands() {
        assertEquals(List.of(new Command.Clear()), RelayBot.commandsFor("/clear", "x"));
        assertEquals(List.of(new Command.Dtmf("12#")), RelayBot.commandsFor("/dtmf 12#", "x"));
        assertEquals(List.of(new Command.Hangup(null)), RelayBot.commandsFor("/hangup", "x"));
        assertEquals(List.of(new Command.Hangup("done here")), RelayBot.commandsFor("/hangup done here", "x"));
        assertEquals(List.of(new Command.Transfer("sip:desk@pbx")), RelayBot.commandsFor("/transfer sip:desk@pbx", "x"));
        assertEquals(List.of(new Command.Transcribe(true, null, null)), RelayBot.commandsFor("/transcribe on", "x"));
        assertEquals(List.of(new Command.Transcribe(true, "scribe", null)),
                RelayBot.commandsFor("/transcribe on scribe", "x"));
        assertEquals(List.of(new Command.Transcribe(false, null, null)), RelayBot.commandsFor("/transcribe off", "x"));
        assertEquals(List.of(new Command.Configure(Map.of("voiceId", "v2"))),
                RelayBot.commandsFor("/json {\"type\":\"configure\",\"tts\":{\"voiceId\":\"v2\"}}", "x"));
    }

    @Test
    void listenTurnsTheCallersAudioOnAndOff() {
        assertEquals(List.of(Command.Listen.start(Command.Listen.AudioFormat.ULAW, 8000)),
                RelayBot.commandsFor("/listen ulaw", "x"));
        assertEquals(List.of(Command.Listen.start(Command.Listen.AudioFormat.L16, 16000)),
                RelayBot.commandsFor("/listen l16 16000", "x"));
        assertEquals(Command.Listen.start(Command.Listen.AudioFormat.L16, 8000), RelayBot.listen("l16"));
        assertEquals(Command.Listen.start(Command.Listen.AudioFormat.L16, 16000), RelayBot.listen("l16:16000"));
        assertEquals(List.of(Command.Listen.stop()), RelayBot.commandsFor("/listen off", "x"));
        assertThrows(IllegalArgumentException.class, () -> RelayBot.listen("ulaw 16000"));
        assertThrows(IllegalArgumentException.class, () -> RelayBot.listen("opus"));
        assertThrows(IllegalArgumentException.class, () -> RelayBot.listen("l16 fast"));
    }

    @Test
    void theListenFlagAsksForAudioAsTheCallStartsAndTheAudioIsSummedUpOnceASecond() {
        RelayBot listening = new RelayBot(hub, printed::add, RelayBot.listen("ulaw"));
        listening.onEvent(Event.SessionStart.builder().callId("c1").headers(Map.of()).codec("PCMU")
                .tts("embedded", "kevin16").build(), context);
        assertEquals(List.of(Command.Listen.start(Command.Listen.AudioFormat.ULAW, 8000)), context.drain());

        for (int i = 0; i < RelayBot.FRAMES_PER_REPORT + 3; i++) {
            if (i != 7) { // 7 never arrives: a frame dropped for a slow bot
                listening.onAudio(new ListenFrame(i, 300 + 20L * i, i == 9 ? 1 : 0, 0, new byte[160]), context);
            }
        }
        listening.onEvent(new Event.SessionEnd(Event.EndReason.CALLER_HANGUP, 3000), context);

        assertEquals(List.of("{\"relay\":\"audio\",\"frames\":50,\"lost\":1,\"missing\":1,\"bytes\":8000,"
                        + "\"lastSequence\":50,\"lastPositionMs\":1300}",
                "{\"relay\":\"audio\",\"frames\":2,\"lost\":0,\"missing\":0,\"bytes\":320,"
                        + "\"lastSequence\":52,\"lastPositionMs\":1340}"),
                printed.subList(1, 3));
    }

    @Test
    void blankLineSendsNothing() {
        assertEquals(List.of(), RelayBot.commandsFor("   ", "x"));
    }

    @Test
    void malformedSlashCommandsAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> RelayBot.commandsFor("/dtmf 12x", "x"));
        assertThrows(IllegalArgumentException.class, () -> RelayBot.commandsFor("/mark", "x"));
        assertThrows(IllegalArgumentException.class, () -> RelayBot.commandsFor("/json {\"type\":\"nope\"}", "x"));
        assertThrows(IllegalArgumentException.class, () -> RelayBot.commandsFor("/shout", "x"));
        assertThrows(IllegalArgumentException.class, () -> RelayBot.commandsFor("/transcribe maybe", "x"));
    }

    @Test
    void malformedLineIsReportedAndNothingIsSent() {
        connect();

        assertEquals(0, hub.relay("/dtmf 12x"));

        assertEquals(List.of(), context.drain());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("/dtmf"), problems.get(0));
    }

    @Test
    void lineWithNoCallConnectedIsReportedAndDropped() {
        assertEquals(0, hub.relay("anyone there?"));

        assertEquals(List.of("no call is connected; line dropped"), problems);
    }

    @Test
    void sessionEndDisconnectsTheBotFromTheHub() {
        connect();
        assertEquals(1, hub.connected());

        bot.onEvent(new Event.SessionEnd(Event.EndReason.BOT_HANGUP, 1000), context);

        assertEquals(0, hub.connected());
    }

    @Test
    void closedConnectionLeavesTheHub() {
        connect();

        bot.onClosed();

        assertEquals(0, hub.connected());
    }

    private void connect() {
        bot.onEvent(Event.SessionStart.builder().callId("c1").headers(Map.of()).codec("PCMU")
                .tts("embedded", "kevin16").build(), context);
    }
}
