package io.sayline.tools.load;

import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Interruptible;
import io.sayline.core.listen.ListenFrame;
import java.util.List;

/**
 * The load bot: keeps its call talking for the whole call. It says an utterance on {@code session.start} and
 * the next one after every {@code speech.done}, going round a fixed list; with tokens, each utterance goes out
 * word by word as an LLM would stream it. With {@code listen} and/or {@code transcribe} it also asks for the
 * caller's audio and words at {@code session.start} and counts what comes (frames, lost flags, sequence gaps,
 * overflows, transcripts, {@code stt.error}); its utterances are then not interruptible, so the caller's speech
 * does not barge in and Sayline talks for the whole call as it does without a caller: the pacing figures stay
 * comparable. One instance per call.
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
    private final Command.Listen listen;
    private final boolean transcribe;
    private final Interruptible interruptible;
    private int next;
    /** The sequence number the next frame should carry; -1 before the first (a timeline may start before listen). */
    private long nextSequence = -1;
    private boolean sessionStarted;

    TalkingBot(BotTally tally, boolean tokens) {
        this(tally, tokens, null, false);
    }

    /**
     * @param listen     sent on {@code session.start}, or null not to listen
     * @param transcribe whether to send {@code transcribe} (with the route's stt block) on {@code session.start}
     */
    TalkingBot(BotTally tally, boolean tokens, Command.Listen listen, boolean transcribe) {
        this.tally = tally;
        this.tokens = tokens;
        this.listen = listen;
        this.transcribe = transcribe;
        this.interruptible = listen != null || transcribe ? Interruptible.NONE : Interruptible.ANY;
    }

    @Override
    public void onEvent(Event event, BotContext context) {
        if (event instanceof Event.SessionStart) {
            sessionStarted = true;
            tally.sessionStarted();
            if (listen != null) {
                context.send(listen);
            }
            if (transcribe) {
                context.send(new Command.Transcribe(true, null, null));
            }
            sayNext(context);
        } else if (event instanceof Event.SpeechStarted) {
            tally.started();
        } else if (event instanceof Event.SpeechDone done) {
            tally.done(done.latency());
            sayNext(context);
        } else if (event instanceof Event.TtsError) {
            tally.ttsError();
        } else if (event instanceof Event.Transcript transcript) {
            tally.transcript(transcript.isFinal());
        } else if (event instanceof Event.SttError) {
            tally.sttError();
        } else if (event instanceof Event.ListenOverflow overflow) {
            tally.listenOverflow(overflow.dropped());
        }
    }

    @Override
    public void onAudio(ListenFrame frame, BotContext context) {
        tally.callerFrame(frame.lost(), nextSequence < 0 ? 0 : Math.max(0, frame.sequence() - nextSequence));
        nextSequence = frame.sequence() + 1;
    }

    /**
     * Counted on close rather than on session.end, since a connection can end without one; but only for a session
     * that started: a control channel Sayline gave up on before its session.start (the bot answered it too late)
     * closes too, and counting it made the live calls negative in a run whose bot fell behind.
     */
    @Override
    public void onClosed() {
        if (sessionStarted) {
            tally.sessionEnded();
        }
    }

    /** Says the next utterance of the list: also after a cut, for a bot that keeps talking through them. */
    void sayNext(BotContext context) {
        String id = "u" + next;
        String text = UTTERANCES.get(next % UTTERANCES.size());
        next++;
        tally.said();
        if (!tokens) {
            context.send(new Command.Say(text, id, true, interruptible, false));
            return;
        }
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            boolean last = i == words.length - 1;
            context.send(new Command.Say(last ? words[i] : words[i] + " ", id, last, interruptible, false));
        }
    }
}
