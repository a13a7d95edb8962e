package io.sayline.core.bot;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import java.util.List;

/**
 * Speaks one short utterance, streamed as tokens the way an LLM-backed bot writes, and hangs up once it has
 * played (or could not play). The start-up warm-up call talks to it; a route may name it too, as a quick
 * smoke test that hangs up by itself.
 */
public final class WarmUpBot implements BuiltinBot {
    public static final String NAME = "warmup";
    static final String UTTERANCE_ID = "warmup";
    static final List<String> TOKENS = List.of("Sayline ", "is ", "warming up.");

    private boolean finished;

    @Override
    public void onEvent(Event event, BotContext context) {
        if (finished) {
            return;
        }
        if (event instanceof Event.SessionStart) {
            for (int i = 0; i < TOKENS.size(); i++) {
                context.send(Command.Say.token(UTTERANCE_ID, TOKENS.get(i), i == TOKENS.size() - 1));
            }
        } else if (event instanceof Event.SpeechDone || event instanceof Event.SpeechInterrupted
                || (event instanceof Event.TtsError error && error.fallback() == null)) {
            finished = true;
            context.send(new Command.Hangup("warm-up finished"));
        } else if (event instanceof Event.SessionEnd) {
            finished = true;
        }
    }
}
