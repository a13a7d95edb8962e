package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sayline.core.bot.BotContext;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live calls the load bot counts: sessions that started and have not closed. */
class TalkingBotTest {
    private final BotTally tally = new BotTally();
    private final List<Command> sent = new ArrayList<>();
    private final BotContext context = new BotContext() {
        @Override
        public void send(Command command) {
            sent.add(command);
        }

        @Override
        public Scheduled schedule(Duration delay, Runnable task) {
            return () -> { };
        }
    };

    @Test
    void aSessionIsLiveFromItsStartUntilItsChannelCloses() {
        TalkingBot bot = new TalkingBot(tally, false);
        bot.onEvent(start(), context);
        assertEquals(1, tally.liveCalls());
        assertEquals(1, sent.size(), "the first utterance said");

        bot.onClosed();
        assertEquals(0, tally.liveCalls());
    }

    @Test
    void aChannelClosedBeforeItsSessionStartedIsNoCallEnding() {
        TalkingBot live = new TalkingBot(tally, false);
        live.onEvent(start(), context);

        new TalkingBot(tally, false).onClosed();
        assertEquals(1, tally.liveCalls());
    }

    private static Event.SessionStart start() {
        return Event.SessionStart.builder().callId("c1").from("sip:a@127.0.0.1").to("sip:load@127.0.0.1")
                .sipCallId("c1").codec("PCMU").tts("load", null).build();
    }
}
