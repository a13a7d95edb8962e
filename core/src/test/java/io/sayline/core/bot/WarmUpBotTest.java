package io.sayline.core.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.testing.FakeBotContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpBotTest {
    private static final Event.Latency LATENCY = new Event.Latency(100, 80, 20, 0, 10);

    private final WarmUpBot bot = new WarmUpBot();
    private final FakeBotContext context = new FakeBotContext();

    @Test
    void streamsOneUtteranceAsTokensAndHangsUpWhenItHasPlayed() {
        start();
        List<Command> says = context.drain();
        assertEquals(WarmUpBot.TOKENS.size(), says.size());
        for (int i = 0; i < says.size(); i++) {
            assertEquals(Command.Say.token(WarmUpBot.UTTERANCE_ID, WarmUpBot.TOKENS.get(i), i == says.size() - 1),
                    says.get(i));
        }

        bot.onEvent(new Event.SpeechDone(WarmUpBot.UTTERANCE_ID, 2000, LATENCY), context);
        assertEquals(List.of(new Command.Hangup("warm-up finished")), context.drain());
        bot.onEvent(new Event.SpeechDone(WarmUpBot.UTTERANCE_ID, 2000, LATENCY), context);
        assertEquals(List.of(), context.drain(), "hangs up once");
    }

    @Test
    void hangsUpWhenTheUtteranceCannotPlay() {
        start();
        context.drain();
        bot.onEvent(new Event.TtsError(WarmUpBot.UTTERANCE_ID, "vendor_error", "boom", null), context);
        assertEquals(List.of(new Command.Hangup("warm-up finished")), context.drain());
    }

    @Test
    void saysNothingMoreOnceTheSessionEnded() {
        start();
        context.drain();
        bot.onEvent(new Event.SessionEnd(Event.EndReason.CALLER_HANGUP, 500), context);
        bot.onEvent(new Event.SpeechDone(WarmUpBot.UTTERANCE_ID, 500, LATENCY), context);
        assertEquals(List.of(), context.drain());
    }

    private void start() {
        bot.onEvent(Event.SessionStart.builder().callId("c1").tts("embedded", "kevin16").build(), context);
    }
}
