package io.sayline.tools.bots;

import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Interruptible;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted IVR that shows protocol v1 at work (docs/protocol.md): it greets, offers a menu, and reacts
 * to the caller's keys, or to the same choices spoken ({@link #SPOKEN_CHOICES}: "one", "opening hours"...),
 * which it hears by asking for transcripts ({@code transcribe}, protocol v1.1) when the call starts. On a
 * route without speech-to-text the {@code stt.error} that answers is ignored and keys alone work.
 *
 * <ul>
 *   <li>The menu is {@code interruptible: none, preemptible: true}: neither a cough nor the key press itself
 *       cuts it, but the answer the bot sends for the key replaces it ({@code speech.interrupted} with
 *       reason {@code preempted}). It is the only preemptible utterance, and always the last one sent:
 *       a preemptible utterance is replaced by whatever starts after it, so anything said before the menu
 *       must not be. A {@code mark} after the menu starts the no-input timer only once the menu has really
 *       played.</li>
 *   <li>The greeting and the short prompts are {@code interruptible: dtmf}: a caller who knows the menu
 *       may press a key at once, which cuts them and the menu queued behind them.</li>
 *   <li>1 answers with the opening hours, then the menu again.</li>
 *   <li>2 streams a long story as tokens, {@code interruptible: any}: the caller may talk over it or press
 *       a key. Cut by speech, the bot repeats the last words the caller heard ({@code heardText}).</li>
 *   <li>0 says it transfers, and sends {@code transfer} when the {@code mark} after that sentence comes
 *       back, so the caller hears it whole; # does the same with goodbye and {@code hangup}.</li>
 * </ul>
 *
 * One instance per connection; driven only by events and {@link BotContext#schedule}, so tests control time.
 */
public final class IvrBot implements BuiltinBot {
    public static final String NAME = "ivr";
    public static final String DEFAULT_TRANSFER_TARGET = "sip:operator@127.0.0.1";
    /** After the menu has played, how long the caller has to press a key. */
    static final Duration NO_INPUT = Duration.ofSeconds(8);
    /** Menus played without any key press before the bot gives up. */
    static final int MAX_MENUS_WITHOUT_INPUT = 3;
    /** If the mark before a transfer or hangup never comes back (TTS failure), act anyway after this long. */
    static final Duration FINAL_ACTION_GRACE = Duration.ofSeconds(15);
    /** How many of the last heard words the bot repeats after a barge-in. */
    static final int HEARD_WORDS_REPEATED = 6;

    static final String GREETING = "Welcome to the Sayline demo line.";
    static final String RESUMED = "Sorry, we were cut off for a moment.";
    static final String MENU = "Press 1 or say opening hours, 2 or say story to hear a long story you can "
            + "interrupt, 0 or say operator to be transferred, or hash or say goodbye to hang up.";
    /** What a caller may say instead of pressing a key: each final transcript's words, matched whole. */
    static final Map<String, String> SPOKEN_CHOICES = Map.ofEntries(
            Map.entry("one", "1"), Map.entry("1", "1"), Map.entry("opening hours", "1"), Map.entry("hours", "1"),
            Map.entry("two", "2"), Map.entry("2", "2"), Map.entry("story", "2"),
            Map.entry("zero", "0"), Map.entry("0", "0"), Map.entry("operator", "0"),
            Map.entry("goodbye", "#"), Map.entry("hang up", "#"));
    static final String HOURS = "We are open Monday to Friday from nine in the morning to five in the afternoon, "
            + "and on Saturday until noon.";
    static final List<String> STORY = List.of(
            "Once upon a time, a small packet left a busy server on its way to a faraway phone. ",
            "It travelled through routers and switches, always twenty milliseconds behind its sister. ",
            "At every hop it was counted, queued and sent on, never late and never early. ",
            "One day the phone at the end of the line began to speak over it, ",
            "and the packet learned that the best thing a voice can do is to stop and listen. ",
            "You can try that now: say something, or press a key, and I will stop.");
    static final String STOPPED_AFTER = "You stopped me after: ";
    static final String NOT_AN_OPTION = "Sorry, that key is not on the menu.";
    static final String TRANSFERRING = "Please hold, I am transferring you now.";
    static final String GOODBYE = "Thank you for calling. Goodbye.";
    static final String TRANSFER_MARK = "before-transfer";
    static final String HANGUP_MARK = "before-hangup";

    private enum State { TALKING, ENDING, ENDED }

    private final String transferTarget;
    private BotContext context;
    private State state = State.TALKING;
    private int utterances;
    private String menuMark; // the mark after the latest menu, or null once a key was pressed
    private int menusWithoutInput;
    private String storyId; // the story being told, until it is done or cut
    private String pendingMark; // TRANSFER_MARK or HANGUP_MARK once ENDING
    private BotContext.Scheduled timer;

    public IvrBot() {
        this(DEFAULT_TRANSFER_TARGET);
    }

    /** @param transferTarget the SIP URI that key 0 transfers to */
    public IvrBot(String transferTarget) {
        this.transferTarget = Objects.requireNonNull(transferTarget, "transferTarget");
    }

    @Override
    public void onEvent(Event event, BotContext ctx) {
        this.context = ctx;
        if (state == State.ENDED) {
            return;
        }
        if (event instanceof Event.SessionStart start) {
            context.send(new Command.Transcribe(true, null, null));
            say("greeting", Boolean.TRUE.equals(start.resumed()) ? RESUMED : GREETING, Interruptible.DTMF, false);
            offerMenu();
        } else if (event instanceof Event.Dtmf dtmf) {
            onKey(dtmf.digit());
        } else if (event instanceof Event.Transcript transcript && transcript.isFinal()) {
            String key = spokenChoice(transcript.text());
            if (key != null) {
                onKey(key);
            }
        } else if (event instanceof Event.Mark mark) {
            onMark(mark.name());
        } else if (event instanceof Event.SpeechDone done) {
            if (done.utteranceId().equals(storyId)) {
                storyId = null;
                offerMenu();
            }
        } else if (event instanceof Event.SpeechInterrupted interrupted) {
            onInterrupted(interrupted);
        } else if (event instanceof Event.TtsError error && error.fallback() == null && state == State.ENDING) {
            finalAction(); // no vendor will speak the last sentence; its mark may never come
        } else if (event instanceof Event.SessionEnd) {
            end();
        }
    }

    @Override
    public void onClosed() {
        end();
    }

    private void onKey(String digit) {
        if (state != State.TALKING) {
            return;
        }
        cancelTimer();
        menuMark = null;
        menusWithoutInput = 0;
        switch (digit) {
            case "1" -> {
                say("hours", HOURS, Interruptible.ANY, false);
                offerMenu();
            }
            case "2" -> tellStory();
            case "0" -> finish(TRANSFERRING, TRANSFER_MARK);
            case "#" -> finish(GOODBYE, HANGUP_MARK);
            default -> {
                say("invalid", NOT_AN_OPTION, Interruptible.DTMF, false);
                offerMenu();
            }
        }
    }

    private void offerMenu() {
        menusWithoutInput++;
        say("menu", MENU, Interruptible.NONE, true);
        menuMark = "menu-played-" + utterances;
        context.send(new Command.Mark(menuMark));
    }

    /** The story streams sentence by sentence as tokens of one utterance, the way an LLM's answer would. */
    private void tellStory() {
        storyId = nextId("story");
        for (int i = 0; i < STORY.size(); i++) {
            context.send(new Command.Say(STORY.get(i), storyId, i == STORY.size() - 1, Interruptible.ANY, false));
        }
    }

    private void onInterrupted(Event.SpeechInterrupted interrupted) {
        if (!interrupted.utteranceId().equals(storyId)) {
            return; // a preempted menu or prompt: the bot's own next words replaced it
        }
        storyId = null;
        if (state == State.TALKING && interrupted.reason() == Event.InterruptReason.SPEECH) {
            // Caller speech cut the story: show that the bot knows exactly what was heard.
            say("stopped", STOPPED_AFTER + lastWords(interrupted.heardText()), Interruptible.DTMF, false);
            offerMenu();
        }
        // Cut by a key: the dtmf event that cut it chooses what comes next.
    }

    private void onMark(String name) {
        if (name.equals(menuMark) && state == State.TALKING) {
            menuMark = null;
            cancelTimer();
            timer = context.schedule(NO_INPUT, this::onNoInput);
        } else if ((name.equals(TRANSFER_MARK) || name.equals(HANGUP_MARK)) && state == State.ENDING) {
            finalAction();
        }
    }

    private void onNoInput() {
        timer = null;
        if (state != State.TALKING) {
            return;
        }
        if (menusWithoutInput >= MAX_MENUS_WITHOUT_INPUT) {
            finish(GOODBYE, HANGUP_MARK);
        } else {
            offerMenu();
        }
    }

    /** Says {@code sentence} whole ({@code interruptible: none}), then acts when its mark comes back. */
    private void finish(String sentence, String mark) {
        state = State.ENDING;
        pendingMark = mark;
        say("final", sentence, Interruptible.NONE, false);
        context.send(new Command.Mark(mark));
        cancelTimer();
        timer = context.schedule(FINAL_ACTION_GRACE, this::finalAction);
    }

    private void finalAction() {
        if (state != State.ENDING) {
            return;
        }
        cancelTimer();
        state = State.ENDED;
        if (TRANSFER_MARK.equals(pendingMark)) {
            context.send(new Command.Transfer(transferTarget));
        } else {
            context.send(new Command.Hangup("ivr: caller chose to hang up"));
        }
    }

    private void say(String kind, String text, Interruptible interruptible, boolean preemptible) {
        context.send(new Command.Say(text, nextId(kind), true, interruptible, preemptible));
    }

    private String nextId(String kind) {
        return kind + "-" + ++utterances;
    }

    /**
     * The key a spoken phrase stands for, or null: lower case, punctuation dropped, then the whole phrase or its
     * last words ("one", "press one", "opening hours please" does not match: callers answer menus tersely).
     */
    static String spokenChoice(String text) {
        String words = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", " ").trim().replaceAll("\\s+", " ");
        for (String phrase = words; !phrase.isEmpty(); phrase = phrase.contains(" ")
                ? phrase.substring(phrase.indexOf(' ') + 1) : "") {
            String key = SPOKEN_CHOICES.get(phrase);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    /** The last {@value #HEARD_WORDS_REPEATED} words of what the caller heard. */
    static String lastWords(String heardText) {
        String[] words = heardText.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "nothing at all.";
        }
        int from = Math.max(0, words.length - HEARD_WORDS_REPEATED);
        return String.join(" ", List.of(words).subList(from, words.length));
    }

    private void end() {
        state = State.ENDED;
        cancelTimer();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
