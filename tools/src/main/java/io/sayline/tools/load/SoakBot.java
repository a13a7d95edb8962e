package io.sayline.tools.load;

import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;

/**
 * The soak bot: talks like {@link TalkingBot} for the whole call, and exercises the paths a long run must show
 * leak nothing: every {@link #CLEAR_EVERY}th utterance is cut with {@code clear} as soon as it starts playing, the
 * caller's key presses cut utterances too ({@code interruptible} is {@code any} by default), and after every
 * cut the bot says the next one. One instance per call.
 */
final class SoakBot implements BuiltinBot {
    static final int CLEAR_EVERY = 3;

    private final BotTally tally;
    private final TalkingBot talker;
    private int started;

    SoakBot(BotTally tally) {
        this.tally = tally;
        this.talker = new TalkingBot(tally, false);
    }

    @Override
    public void onEvent(Event event, BotContext context) {
        talker.onEvent(event, context);
        if (event instanceof Event.SpeechStarted && ++started % CLEAR_EVERY == 0) {
            tally.clearSent();
            context.send(new Command.Clear());
        } else if (event instanceof Event.SpeechInterrupted) {
            tally.interrupted();
            talker.sayNext(context);
        } else if (event instanceof Event.Dtmf) {
            tally.keyHeard();
        }
    }

    @Override
    public void onClosed() {
        talker.onClosed();
    }
}
