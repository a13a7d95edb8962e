package io.sayline.core.bot;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo of the run contract (docs/architecture.md, "Run contract"): greets the caller, reads back the DTMF
 * digits pressed before {@code #}, says goodbye and hangs up once the goodbye has played. After
 * {@link #IDLE_TIMEOUT} of silence since its last speech ended (or the last key press) it says goodbye and
 * hangs up too.
 *
 * <p>The greeting is sent as several {@code say} tokens of one utterance ({@code last:false} … {@code
 * last:true}), the way an LLM-backed bot streams text; the other utterances are whole sentences.
 * Driven only by events and {@link BotContext#schedule}, so tests control time.
 */
public final class DemoBot implements BuiltinBot {
    public static final String NAME = "demo";
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    /** If the goodbye's {@code speech.done} never comes, hang up anyway after this long. */
    static final Duration GOODBYE_GRACE = Duration.ofSeconds(15);
    static final int MAX_DIGITS = 32;
    static final String GREETING_ID = "greeting";
    static final String GOODBYE_ID = "goodbye";
    static final List<String> GREETING_TOKENS = List.of(
            "Hello, ", "you have reached Sayline, ", "the voice bot media server. ",
            "Press some digits and I will read them back. ", "Press hash to hang up.");
    static final String GOODBYE = "Goodbye.";

    private final Set<String> speaking = new HashSet<>();
    private final StringBuilder digits = new StringBuilder();
    private BotContext context;
    private BotContext.Scheduled idleTimer;
    private String hangupAfter;
    private boolean finished;
    private int readbacks;

    @Override
    public void onEvent(Event event, BotContext ctx) {
        this.context = ctx;
        if (finished) {
            return;
        }
        if (event instanceof Event.SessionStart) {
            greet();
        } else if (event instanceof Event.Dtmf dtmf) {
            onDigit(dtmf.digit());
        } else if (event instanceof Event.SpeechDone done) {
            speechEnded(done.utteranceId());
        } else if (event instanceof Event.SpeechInterrupted interrupted) {
            speechEnded(interrupted.utteranceId());
        } else if (event instanceof Event.TtsError error && error.fallback() == null && error.utteranceId() != null) {
            speechEnded(error.utteranceId()); // no fallback vendor: this utterance will never play
        } else if (event instanceof Event.SessionEnd) {
            finished = true;
            cancelIdle();
        }
    }

    @Override
    public void onClosed() {
        finished = true;
        cancelIdle();
    }

    private void greet() {
        speaking.add(GREETING_ID);
        for (int i = 0; i < GREETING_TOKENS.size(); i++) {
            boolean last = i == GREETING_TOKENS.size() - 1;
            context.send(Command.Say.token(GREETING_ID, GREETING_TOKENS.get(i), last));
        }
    }

    private void onDigit(String digit) {
        if (hangupAfter != null) {
            return;
        }
        cancelIdle();
        if (!digit.equals("#")) {
            if (digits.length() < MAX_DIGITS) {
                digits.append(digit);
            }
            armIdleIfQuiet();
            return;
        }
        String readbackId = "readback-" + ++readbacks;
        say(readbackId, readBack(digits));
        digits.setLength(0);
        sayGoodbye();
    }

    /** "You pressed 1, 2, star." — one digit at a time so the engine does not read "123" as a number. */
    static String readBack(CharSequence digits) {
        if (digits.length() == 0) {
            return "You pressed no digits.";
        }
        StringBuilder text = new StringBuilder("You pressed ");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            char digit = digits.charAt(i);
            text.append(digit == '*' ? "star" : String.valueOf(digit));
        }
        return text.append('.').toString();
    }

    private void sayGoodbye() {
        say(GOODBYE_ID, GOODBYE);
        hangupAfter = GOODBYE_ID;
        idleTimer = context.schedule(GOODBYE_GRACE, this::hangup);
    }

    private void say(String utteranceId, String sentence) {
        speaking.add(utteranceId);
        context.send(Command.Say.sentence(utteranceId, sentence));
    }

    private void speechEnded(String utteranceId) {
        speaking.remove(utteranceId);
        if (utteranceId.equals(hangupAfter)) {
            hangup();
        } else if (hangupAfter == null) {
            armIdleIfQuiet();
        }
    }

    private void armIdleIfQuiet() {
        if (speaking.isEmpty()) {
            cancelIdle();
            idleTimer = context.schedule(IDLE_TIMEOUT, this::onIdle);
        }
    }

    private void onIdle() {
        idleTimer = null;
        if (!finished && hangupAfter == null) {
            sayGoodbye();
        }
    }

    private void hangup() {
        if (finished) {
            return;
        }
        finished = true;
        cancelIdle();
        context.send(new Command.Hangup("demo finished"));
    }

    private void cancelIdle() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }
}
