package io.sayline.tools.latency;

import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import java.util.concurrent.BlockingQueue;

/**
 * The probe's scripted bot: says one sentence as soon as the call starts and hands the utterance's
 * {@code speech.done} latency (or its {@code tts.error}) to the probe. One instance per call.
 */
final class ProbeBot implements BuiltinBot {
    /** What one call measured: the latency, or the vendor error that spoiled it. */
    record Outcome(Event.Latency latency, String error) {
    }

    private final String sentence;
    private final BlockingQueue<Outcome> outcomes;
    private String error;

    ProbeBot(String sentence, BlockingQueue<Outcome> outcomes) {
        this.sentence = sentence;
        this.outcomes = outcomes;
    }

    @Override
    public void onEvent(Event event, BotContext context) {
        if (event instanceof Event.SessionStart) {
            context.send(Command.Say.sentence("probe", sentence));
        } else if (event instanceof Event.TtsError e) {
            error = e.code();
        } else if (event instanceof Event.SpeechDone done) {
            outcomes.add(new Outcome(done.latency(), error));
        }
    }
}
