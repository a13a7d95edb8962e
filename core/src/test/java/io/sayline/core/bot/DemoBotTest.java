package io.sayline.core.bot;

import io.sayline.core.testing.FakeBotContext;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoBotTest {
    private static final Event.Latency LATENCY = new Event.Latency(100, 80, 20, 0, 10);

    private final DemoBot bot = new DemoBot();
    private final FakeBotContext context = new FakeBotContext();

    @Test
    void sessionStartStreamsTheGreetingAsTokensOfOneUtterance() {
        start();

        List<Command> greeting = context.drain();
        assertEquals(DemoBot.GREETING_TOKENS.size(), greeting.size());
        for (int i = 0; i < greeting.size(); i++) {
            Command.Say say = (Command.Say) greeting.get(i);
            assertEquals(DemoBot.GREETING_ID, say.utteranceId());
            assertEquals(i == greeting.size() - 1, say.last());
        }
        assertTrue(String.join("", DemoBot.GREETING_TOKENS).contains("Press hash to hang up."));
    }

    @Test
    void hashReadsBackDigitsThenSaysGoodbyeAndHangsUpAfterItPlayed() {
        start();
        done(DemoBot.GREETING_ID);
        context.drain();

        dtmf("1");
        dtmf("2");
        dtmf("*");
        dtmf("#");

        assertEquals(List.of(Command.Say.sentence("readback-1", "You pressed 1, 2, star."),
                Command.Say.sentence(DemoBot.GOODBYE_ID, "Goodbye.")), context.drain());
        done("readback-1");
        assertEquals(List.of(), context.drain());
        done(DemoBot.GOODBYE_ID);
        assertEquals(List.of(new Command.Hangup("demo finished")), context.drain());
    }

    @Test
    void hashWithoutDigitsSaysSo() {
        start();
        context.drain();

        dtmf("#");

        assertEquals(Command.Say.sentence("readback-1", "You pressed no digits."), context.drain().get(0));
    }

    @Test
    void twentySecondsOfQuietAfterSpeechSaysGoodbyeAndHangsUp() {
        start();
        context.advance(Duration.ofSeconds(60));
        done(DemoBot.GREETING_ID);
        context.drain();

        context.advance(DemoBot.IDLE_TIMEOUT.minusMillis(1));
        assertEquals(List.of(), context.drain());
        context.advance(Duration.ofMillis(1));
        assertEquals(List.of(Command.Say.sentence(DemoBot.GOODBYE_ID, "Goodbye.")), context.drain());
        done(DemoBot.GOODBYE_ID);
        assertEquals(List.of(new Command.Hangup("demo finished")), context.drain());
    }

    @Test
    void keyPressRestartsTheQuietTimer() {
        start();
        done(DemoBot.GREETING_ID);
        context.drain();

        context.advance(Duration.ofSeconds(15));
        dtmf("4");
        context.advance(Duration.ofSeconds(15));

        assertEquals(List.of(), context.drain());
        context.advance(Duration.ofSeconds(5));
        assertEquals(List.of(Command.Say.sentence(DemoBot.GOODBYE_ID, "Goodbye.")), context.drain());
    }

    @Test
    void goodbyeThatNeverFinishesStillHangsUp() {
        start();
        dtmf("#");
        context.drain();

        context.advance(DemoBot.GOODBYE_GRACE);

        assertEquals(List.of(new Command.Hangup("demo finished")), context.drain());
    }

    @Test
    void interruptedGreetingCountsAsFinishedSpeech() {
        start();
        context.drain();
        bot.onEvent(new Event.SpeechInterrupted(DemoBot.GREETING_ID, Event.InterruptReason.DTMF, "Hello", 500, null),
                context);

        assertEquals(1, context.liveTimers());
    }

    @Test
    void sessionEndStopsEverything() {
        start();
        done(DemoBot.GREETING_ID);
        context.drain();

        bot.onEvent(new Event.SessionEnd(Event.EndReason.CALLER_HANGUP, 3000), context);
        context.advance(Duration.ofMinutes(5));

        assertEquals(List.of(), context.drain());
        assertEquals(0, context.liveTimers());
    }

    private void start() {
        bot.onEvent(Event.SessionStart.builder().callId("c1").tts("embedded", "kevin16").build(), context);
    }

    private void dtmf(String digit) {
        bot.onEvent(new Event.Dtmf(digit, 100), context);
    }

    private void done(String utteranceId) {
        bot.onEvent(new Event.SpeechDone(utteranceId, 1000, LATENCY), context);
    }
}
