package io.sayline.tools.load;

import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import java.util.List;

/**
 * The load bot: keeps its call talking for the whole call. It says an utterance on {@code session.start} and
 * the next one after every {@code speech.done}, going round a fixed list; with tokens, each utterance goes out
 * word by word as an LLM would stream it. One instance per call.
 */
final class TalkingBot implements BuiltinBot {
    /** A sentence or two each, like a voice agent's turns; ~2-5 s of audio with the simulator's tones. */
    static final List<String> UTTERANCES = List.of(
            "Thanks for calling. How can I help you today?",
            "I can look that up for you. It will only take a moment.",
            "Your order shipped yesterday and should arrive on Thursday.",
            "Is there anything else I can help you with?",
            "Let me check the account details. One moment please.",
            "Your balance is twelve euros and forty cents.");

    private final BotTally tally;
    private final boolean tokens;
    private int next;

    TalkingBot(BotTally tally, boolean tokens) {
        this.tally = tally;
        this.tokens = tokens;
    }

    @Override
    public void onEvent(Event event, BotContext context) {
        if (event instanceof Event.SessionStart) {
            tally.sessionStarted();
            sayNext(context);
        } else if (event instanceof Event.SpeechStarted) {
            tally.started();
        } else if (event instanceof Event.SpeechDone done) {
            tally.done(done.latency());
            sayNext(context);
        } else if (event instanceof Event.TtsError) {
            tally.ttsError();
        }
    }

    /** Counted on close rather than on session.end: a connection can end without one. */
    @Override
    public void onClosed() {
        tally.sessionEnded();
    }

    /** Says the next utterance of the list: also after a cut, for a bot that keeps talking through them. */
    void sayNext(BotContext context) {
        String id = "u" + next;
        String text = UTTERANCES.get(next % UTTERANCES.size());
        next++;
        tally.said();
        if (!tokens) {
            context.send(Command.Say.sentence(id, text));
            return;
        }
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            boolean last = i == words.length - 1;
            context.send(Command.Say.token(id, last ? words[i] : words[i] + " ", last));
        }
    }
}
