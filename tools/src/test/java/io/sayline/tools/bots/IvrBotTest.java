package io.sayline.tools.bots;

import io.sayline.core.testing.FakeBotContext;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Interruptible;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IvrBotTest {
    private static final String TARGET = "sip:desk@127.0.0.1";

    private final IvrBot bot = new IvrBot(TARGET);
    private final FakeBotContext context = new FakeBotContext();

    @Test
    void sessionStartGreetsThenOffersAPreemptibleMenuFollowedByAMark() {
        start(false);

        List<Command> sent = context.drain();
        assertEquals(4, sent.size());
        assertEquals(new Command.Transcribe(true, null, null), sent.get(0), "asks for the caller's words first");
        Command.Say greeting = (Command.Say) sent.get(1);
        assertEquals(IvrBot.GREETING, greeting.text());
        Command.Say menu = (Command.Say) sent.get(2);
        assertEquals(IvrBot.MENU, menu.text());
        assertEquals(Interruptible.NONE, menu.interruptible());
        assertTrue(menu.preemptible());
        assertTrue(menu.last());
        assertInstanceOf(Command.Mark.class, sent.get(3));
    }

    @Test
    void aSpokenChoiceActsLikeItsKeyAndPartialsOrOtherWordsDoNothing() {
        start(false);
        context.drain();
        bot.onEvent(new Event.Transcript("opening", false, 100, 400, "en", null), context);
        bot.onEvent(new Event.Transcript("Is anybody there?", true, 100, 900, "en", null), context);
        assertTrue(context.drain().isEmpty(), "neither a partial nor words that are no choice");
        bot.onEvent(new Event.Transcript("Opening hours.", true, 1000, 1900, "en", null), context);
        assertEquals(IvrBot.HOURS, ((Command.Say) context.drain().get(0)).text());
        bot.onEvent(new Event.Transcript("press one", true, 2000, 2500, "en", null), context);
        assertEquals(IvrBot.HOURS, ((Command.Say) context.drain().get(0)).text());
        assertEquals("#", IvrBot.spokenChoice("Goodbye!"));
        assertEquals("0", IvrBot.spokenChoice("operator"));
        assertEquals(null, IvrBot.spokenChoice("someone"), "whole words only: 'one' inside 'someone' is none");
    }

    @Test
    void anSttErrorIsIgnoredAndKeysStillWork() {
        start(false);
        context.drain();
        bot.onEvent(new Event.SttError("not_configured", "no stt block", null, false), context);
        assertTrue(context.drain().isEmpty());
        dtmf("1");
        assertEquals(IvrBot.HOURS, ((Command.Say) context.drain().get(0)).text());
    }

    @Test
    void onlyTheLastUtteranceOfEachReplyIsPreemptibleSoNothingReplacesItsOwnPredecessor() {
        start(false);
        assertOnlyLastSayPreemptible(context.drain());
        for (String key : List.of("1", "7", "2")) {
            dtmf(key);
            assertOnlyLastSayPreemptible(context.drain());
        }
        String story = "story-" + 7; // greeting 1, menu 2, hours 3, menu 4, invalid 5, menu 6, story 7
        bot.onEvent(new Event.SpeechInterrupted(story, Event.InterruptReason.SPEECH, "Once upon", 700, null), context);
        assertOnlyLastSayPreemptible(context.drain());
    }

    @Test
    void greetingMayBeCutByAKeyButIsNotReplacedByTheMenu() {
        start(false);
        Command.Say greeting = (Command.Say) context.drain().get(1);

        assertEquals(Interruptible.DTMF, greeting.interruptible());
        assertFalse(greeting.preemptible());
    }

    @Test
    void resumedSessionApologisesInsteadOfGreeting() {
        start(true);

        assertEquals(IvrBot.RESUMED, ((Command.Say) context.drain().get(1)).text());
    }

    @Test
    void keyOneAnswersWithTheHoursThenTheMenuAgain() {
        start(false);
        context.drain();

        dtmf("1");

        List<Command> sent = context.drain();
        Command.Say hours = (Command.Say) sent.get(0);
        assertEquals(IvrBot.HOURS, hours.text());
        assertEquals(Interruptible.ANY, hours.interruptible());
        assertFalse(hours.preemptible());
        assertEquals(IvrBot.MENU, ((Command.Say) sent.get(1)).text());
        assertInstanceOf(Command.Mark.class, sent.get(2));
    }

    @Test
    void keyTwoStreamsTheStoryAsTokensOfOneInterruptibleUtterance() {
        start(false);
        context.drain();

        dtmf("2");

        List<Command> sent = context.drain();
        assertEquals(IvrBot.STORY.size(), sent.size());
        String id = ((Command.Say) sent.get(0)).utteranceId();
        for (int i = 0; i < sent.size(); i++) {
            Command.Say token = (Command.Say) sent.get(i);
            assertEquals(id, token.utteranceId());
            assertEquals(IvrBot.STORY.get(i), token.text());
            assertEquals(i == sent.size() - 1, token.last());
            assertEquals(Interruptible.ANY, token.interruptible());
        }
    }

    @Test
    void storyCutBySpeechRepeatsTheLastWordsHeardThenTheMenu() {
        String story = startStory();

        bot.onEvent(new Event.SpeechInterrupted(story, Event.InterruptReason.SPEECH,
                "Once upon a time, a small packet left a busy server", 3400, null), context);

        List<Command> sent = context.drain();
        assertEquals(IvrBot.STOPPED_AFTER + "small packet left a busy server", ((Command.Say) sent.get(0)).text());
        assertEquals(IvrBot.MENU, ((Command.Say) sent.get(1)).text());
    }

    @Test
    void storyCutByAKeyLeavesTheNextStepToThatKey() {
        String story = startStory();

        bot.onEvent(new Event.SpeechInterrupted(story, Event.InterruptReason.DTMF, "Once upon", 700, null), context);
        assertEquals(List.of(), context.drain());
        dtmf("1");

        assertEquals(IvrBot.HOURS, ((Command.Say) context.drain().get(0)).text());
    }

    @Test
    void storyPlayedToTheEndOffersTheMenu() {
        String story = startStory();

        bot.onEvent(new Event.SpeechDone(story, 30_000, new Event.Latency(300, 250, 50, 0, 10)), context);

        assertEquals(IvrBot.MENU, ((Command.Say) context.drain().get(0)).text());
    }

    @Test
    void preemptedMenuIsNotAnsweredAgain() {
        start(false);
        context.drain();
        dtmf("1");
        context.drain();

        bot.onEvent(new Event.SpeechInterrupted("menu-2", Event.InterruptReason.PREEMPTED, "Press 1", 600, null),
                context);

        assertEquals(List.of(), context.drain());
    }

    @Test
    void keyZeroSaysItTransfersAndTransfersWhenTheMarkAfterThatSentenceIsReached() {
        start(false);
        context.drain();

        dtmf("0");

        List<Command> sent = context.drain();
        Command.Say notice = (Command.Say) sent.get(0);
        assertEquals(IvrBot.TRANSFERRING, notice.text());
        assertEquals(Interruptible.NONE, notice.interruptible());
        assertEquals(new Command.Mark(IvrBot.TRANSFER_MARK), sent.get(1));
        dtmf("1"); // too late: the bot is leaving
        assertEquals(List.of(), context.drain());

        bot.onEvent(new Event.Mark(IvrBot.TRANSFER_MARK), context);

        assertEquals(List.of(new Command.Transfer(TARGET)), context.drain());
        assertEquals(0, context.liveTimers());
    }

    @Test
    void hashSaysGoodbyeAndHangsUpAtTheMark() {
        start(false);
        context.drain();

        dtmf("#");
        assertEquals(IvrBot.GOODBYE, ((Command.Say) context.drain().get(0)).text());
        bot.onEvent(new Event.Mark(IvrBot.HANGUP_MARK), context);

        assertInstanceOf(Command.Hangup.class, context.drain().get(0));
    }

    @Test
    void markThatNeverComesStillHangsUpAfterTheGrace() {
        start(false);
        context.drain();
        dtmf("#");
        context.drain();

        context.advance(IvrBot.FINAL_ACTION_GRACE);

        assertInstanceOf(Command.Hangup.class, context.drain().get(0));
        bot.onEvent(new Event.Mark(IvrBot.HANGUP_MARK), context);
        assertEquals(List.of(), context.drain(), "hangs up once");
    }

    @Test
    void ttsFailureWithoutFallbackOnTheGoodbyeHangsUpAtOnce() {
        start(false);
        context.drain();
        dtmf("#");
        context.drain();

        bot.onEvent(new Event.TtsError("final-3", "vendor_failed", "boom", null), context);

        assertInstanceOf(Command.Hangup.class, context.drain().get(0));
    }

    @Test
    void unknownKeySaysSoAndRepeatsTheMenu() {
        start(false);
        context.drain();

        dtmf("7");

        List<Command> sent = context.drain();
        assertEquals(IvrBot.NOT_AN_OPTION, ((Command.Say) sent.get(0)).text());
        assertEquals(IvrBot.MENU, ((Command.Say) sent.get(1)).text());
    }

    @Test
    void noInputTimerStartsOnlyWhenTheMenuMarkIsReachedAndRepeatsTheMenu() {
        start(false);
        Command.Mark mark = (Command.Mark) context.drain().get(3);

        context.advance(IvrBot.NO_INPUT.multipliedBy(2));
        assertEquals(List.of(), context.drain(), "menu still playing: no timer yet");

        bot.onEvent(new Event.Mark(mark.name()), context);
        context.advance(IvrBot.NO_INPUT);

        assertEquals(IvrBot.MENU, ((Command.Say) context.drain().get(0)).text());
    }

    @Test
    void afterThreeUnansweredMenusTheBotSaysGoodbye() {
        start(false);
        for (int menu = 1; menu < IvrBot.MAX_MENUS_WITHOUT_INPUT; menu++) {
            reachLastMenuMark();
            context.advance(IvrBot.NO_INPUT);
        }
        reachLastMenuMark();
        context.advance(IvrBot.NO_INPUT);

        List<Command> sent = context.drain();
        assertEquals(IvrBot.GOODBYE, ((Command.Say) sent.get(0)).text());
        assertEquals(new Command.Mark(IvrBot.HANGUP_MARK), sent.get(1));
    }

    @Test
    void keyPressCancelsTheNoInputTimer() {
        start(false);
        reachLastMenuMark();

        dtmf("1");
        context.drain();
        context.advance(IvrBot.NO_INPUT);

        assertEquals(List.of(), context.drain());
    }

    @Test
    void sessionEndStopsEverything() {
        start(false);
        reachLastMenuMark();

        bot.onEvent(new Event.SessionEnd(Event.EndReason.CALLER_HANGUP, 5000), context);
        dtmf("1");
        context.advance(IvrBot.NO_INPUT);

        assertEquals(List.of(), context.drain());
        assertEquals(0, context.liveTimers());
    }

    @Test
    void lastWordsOfNothingIsSaidPlainly() {
        assertEquals("nothing at all.", IvrBot.lastWords("  "));
        assertEquals("one two", IvrBot.lastWords("one two"));
    }

    private void start(boolean resumed) {
        bot.onEvent(Event.SessionStart.builder().callId("c1").from("sip:alice@127.0.0.1").to("sip:ivr@127.0.0.1")
                .sipCallId("abc").headers(Map.of()).codec("PCMU").tts("embedded", "kevin16")
                .resumed(resumed ? Boolean.TRUE : null).build(), context);
    }

    private String startStory() {
        start(false);
        context.drain();
        dtmf("2");
        return ((Command.Say) context.drain().get(0)).utteranceId();
    }

    /** Reports the mark after the most recent menu as reached. */
    private void reachLastMenuMark() {
        List<Command> sent = context.drain();
        Command.Mark mark = (Command.Mark) sent.get(sent.size() - 1);
        bot.onEvent(new Event.Mark(mark.name()), context);
    }

    private static void assertOnlyLastSayPreemptible(List<Command> sent) {
        List<Command.Say> says = sent.stream().filter(c -> c instanceof Command.Say).map(c -> (Command.Say) c).toList();
        assertFalse(says.isEmpty());
        for (int i = 0; i < says.size() - 1; i++) {
            assertFalse(says.get(i).preemptible(), says.get(i).utteranceId() + " would be preempted by what follows");
        }
    }

    private void dtmf(String digit) {
        bot.onEvent(new Event.Dtmf(digit, 120), context);
    }
}
