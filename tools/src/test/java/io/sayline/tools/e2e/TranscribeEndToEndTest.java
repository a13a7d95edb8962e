package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Event.InterruptReason;
import io.sayline.core.testing.Await;
import io.sayline.core.testing.TestBot;
import io.sayline.tools.bots.BotServer;
import io.sayline.tools.bots.IvrBot;
import io.sayline.tools.elsim.ElevenLabsSimulator;
import io.sayline.tools.elsim.RecordedRequest;
import io.sayline.tools.elsim.SttKnobs;
import io.sayline.tools.elsim.SttState;
import io.sayline.tools.interop.Sipp;
import io.sayline.tools.sipp.SippFiles;
import io.sayline.tools.sipp.SpeechCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code transcribe} end to end (issue #10): real SIP and RTP from SIPp or a test caller, Sayline's Scribe
 * client, and the ElevenLabs simulator's realtime speech-to-text endpoint scripted with what each caller says.
 */
class TranscribeEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CALLS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 150 characters: 6 s of the simulator's tones at 40 ms a character, longer than any test talks over it. */
    private static final String LONG_TEXT = "one two three four five six seven eight nine ten eleven twelve thirteen "
            + "fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two";
    /** Speech of SIPp's capture: packets 50..120, 2.1 s of loud speech. */
    private static final SpeechCapture.Part FIRST = new SpeechCapture.Part(600, 50, 120);
    private static final SpeechCapture.Part SECOND = new SpeechCapture.Part(1200, 50, 120);
    private static final SpeechCapture.Part TRAILING_SILENCE = new SpeechCapture.Part(1500, 0, 0);

    @TempDir
    static Path dir;
    private static ElevenLabsSimulator sim;
    private static TestBot bot;
    private static E2eServer sayline;
    private static E2eServer wordsOnly;
    private static BotServer ivr;
    private static Path records;

    @BeforeAll
    static void startAll() throws Exception {
        sim = ElevenLabsSimulator.builder().port(0).apiKey("k").signal("tones:1000,2000").msPerChar(40)
                .firstChunkDelayMs(5).realTimeFactor(1.0).build().start();
        bot = new TestBot();
        ivr = BotServer.start("127.0.0.1", 0, IvrBot.NAME, IvrBot::new);
        records = dir.resolve("calls.jsonl");
        sayline = E2eServer.start(dir, "34800-34999", yaml("both", "records: { path: \"" + records + "\" }\n"));
        wordsOnly = E2eServer.start(dir, "35000-35099", yaml("words"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        E2eServer.closeAll(sayline, wordsOnly, ivr, bot, sim);
    }

    @AfterEach
    void resetScripts() {
        sim.sttKnobs(SttKnobs.DEFAULTS);
    }

    private static String yaml(String bargeInMode) {
        return yaml(bargeInMode, "");
    }

    private static String yaml(String bargeInMode, String extra) {
        return extra + "tts:\n  embedded: { provider: embedded }\n"
                + "  eleven: { provider: elevenlabs, apiKey: k, voiceId: v, baseUrl: \"" + sim.httpBase() + "\" }\n"
                + "stt:\n  scribe: { provider: elevenlabs, apiKey: k, baseUrl: \"" + sim.httpBase() + "\","
                + " vadSilenceThresholdSecs: 0.8, maxReconnects: 1 }\n"
                + "  timed: { provider: elevenlabs, apiKey: k, baseUrl: \"" + sim.httpBase() + "\","
                + " includeTimestamps: true, languageCode: en, chunkMs: 100 }\n"
                + "  oldmodel: { provider: elevenlabs, apiKey: k, baseUrl: \"" + sim.httpBase() + "\","
                + " modelId: scribe_v1 }\n"
                + "  badkey: { provider: elevenlabs, apiKey: wrong, baseUrl: \"" + sim.httpBase() + "\" }\n"
                + "routes:\n  - { match: \"ivr.*\", bot: \"" + ivr.uri() + "\", tts: eleven, stt: scribe }\n"
                + "  - { match: \".*\", bot: \"" + bot.url() + "\", tts: eleven, stt: scribe }\n"
                + "bargeIn: { mode: " + bargeInMode + ", minTranscriptChars: 3 }\n";
    }

    /** What caller {@code n} says: two phrases, unique to the caller so each final names its call. */
    private static List<String> script(int n) {
        return List.of("caller " + n + " opening hours", "caller " + n + " one");
    }

    @Test
    void sippSpeechGivesPartialsWhileTheCallerSpeaksAndOneFinalPerPhraseOnTwentyCalls() throws Exception {
        Sipp.required(SpeechCapture.sippSpeech(),
                SpeechCapture.SIPP_SPEECH + " is missing (apt-get install sip-tester; .ci/run does this)");
        SpeechCapture.write(dir, List.of(FIRST, SECOND, TRAILING_SILENCE));
        Path scenario = Sipp.scenario("uac_speech.xml", dir);
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(IntStream.range(0, CALLS).mapToObj(TranscribeEndToEndTest::script)
                .toList()));
        // A-law preferred, as SIPp's capture is: the client converts it to μ-law sample by sample.
        try (E2eServer alaw = E2eServer.start(dir, "35100-35199", yaml("both", "rtp: { codecs: [PCMA, PCMU] }\n"))) {
            transcribeSippCalls(alaw, scenario);
        }
    }

    private static void transcribeSippCalls(E2eServer server, Path scenario) throws Exception {
        CompletableFuture<Sipp.Result> sipp = CompletableFuture.supplyAsync(() -> {
            try {
                return Sipp.run(dir, 60, "-sf", scenario.toString(), "-s", "speech", "-m", String.valueOf(CALLS),
                        "-l", String.valueOf(CALLS), "-r", String.valueOf(CALLS), "-d", "9000", "-i", "127.0.0.1",
                        "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                        "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + server.sipPort());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<TestBot.Session> sessions = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            TestBot.Session session = bot.awaitSession();
            Event.SessionStart start = session.await(Event.SessionStart.class, WAIT);
            assertEquals("PCMA", start.codec(), "A-law: the client converts it to μ-law");
            session.send(new Command.Transcribe(true, null, "en"));
            sessions.add(session);
        }
        Map<String, Long> finalNanos = new HashMap<>();
        List<String> callers = new ArrayList<>();
        for (TestBot.Session session : sessions) {
            List<Event.Transcript> transcripts = new ArrayList<>();
            while (true) {
                Event event = session.await(e -> e instanceof Event.Transcript || e instanceof Event.SessionEnd
                        || e instanceof Event.SttError, Duration.ofSeconds(20));
                assertFalse(event instanceof Event.SttError, "no stt.error: " + event);
                if (event instanceof Event.SessionEnd) {
                    break;
                }
                Event.Transcript transcript = (Event.Transcript) event;
                transcripts.add(transcript);
                if (transcript.isFinal()) {
                    finalNanos.put(transcript.text(), session.lastAwaitedNanos());
                }
            }
            assertPartialsThenOneFinalPerPhrase(transcripts);
            callers.add(transcripts.get(transcripts.size() - 1).text().split(" ")[1]);
        }
        assertEquals(CALLS, callers.stream().distinct().count(), "each call its own simulator session and script: "
                + callers + "; commits " + sim.sttCommits());
        Sipp.Result result = sipp.join();
        assertEquals(0, result.exitCode(), "SIPp: " + result.tail());
        List<Long> delaysMicros = new ArrayList<>();
        for (SttState.SttCommit commit : sim.sttCommits()) {
            Long received = finalNanos.get(commit.text());
            if (received != null) {
                delaysMicros.add((received - commit.sentNanos()) / 1000);
            }
        }
        assertEquals(2 * CALLS, delaysMicros.size(), "every committed phrase reached its bot once");
        delaysMicros.sort(Long::compare);
        assertTrue(delaysMicros.get(0) >= 0, "no final before its commit: " + delaysMicros);
        System.out.printf("transcribe: simulator commit -> bot final over %d finals of %d calls: p50 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms (target p99 <= 50 ms)%n", delaysMicros.size(), CALLS,
                delaysMicros.get(delaysMicros.size() / 2) / 1000.0,
                delaysMicros.get((int) Math.ceil(delaysMicros.size() * 0.99) - 1) / 1000.0,
                delaysMicros.get(delaysMicros.size() - 1) / 1000.0);
    }

    /**
     * Per phrase: partials that grow word by word (each a prefix of the final), then one final; the finals in
     * the caller's order, on the caller timeline in order and within the call.
     */
    private static void assertPartialsThenOneFinalPerPhrase(List<Event.Transcript> transcripts) {
        List<Event.Transcript> finals = transcripts.stream().filter(Event.Transcript::isFinal).toList();
        assertEquals(2, finals.size(), "one final per phrase: " + transcripts);
        String caller = finals.get(0).text().split(" ")[1];
        assertEquals(script(Integer.parseInt(caller)), finals.stream().map(Event.Transcript::text).toList());
        int index = 0;
        for (Event.Transcript last : finals) {
            int partials = 0;
            for (; !transcripts.get(index).isFinal(); index++) {
                Event.Transcript partial = transcripts.get(index);
                assertTrue(last.text().startsWith(partial.text()), partial.text() + " leads to " + last.text());
                partials++;
            }
            index++;
            assertTrue(partials >= 2, "partials while the caller speaks, before '" + last.text() + "': " + transcripts);
            assertTrue(last.startMs() >= 0 && last.startMs() < last.endMs(), "on the timeline: " + last);
        }
        assertTrue(finals.get(0).endMs() <= finals.get(1).startMs() + 100, "in order on the timeline: " + finals);
        long speechEndMs = FIRST.silenceMs() + FIRST.speechMs() + SECOND.silenceMs() + SECOND.speechMs();
        assertTrue(finals.get(1).endMs() < speechEndMs + 3000, "the call's audio positions: " + finals);
    }

    @Test
    void aTranscriptCutsAnInterruptibleUtteranceNamingTheWords() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("stop please"))));
        try (Caller caller = Caller.dial(wordsOnly.sipPort(), "barge")) {
            TestBot.Session session = startTranscribing();
            caller.sendTone(1000, 0, 100);
            session.send(Command.Say.sentence("long", LONG_TEXT));
            session.await(Event.SpeechStarted.class, WAIT);
            caller.sendTone(300, 12000, 600);
            Event.SpeechInterrupted interrupted = session.await(Event.SpeechInterrupted.class, WAIT);
            assertEquals(InterruptReason.SPEECH, interrupted.reason());
            assertEquals("stop", interrupted.transcript(), "the first partial long enough cut it: " + interrupted);
            caller.bye();
        }
    }

    @Test
    void aPhraseCutsOnceSoTheBotsAnswerIsNotCutByTheRestOfIt() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("stop it stop it right now"))));
        try (Caller caller = Caller.dial(wordsOnly.sipPort(), "once")) {
            TestBot.Session session = startTranscribing();
            caller.sendTone(1000, 0, 100);
            session.send(Command.Say.sentence("first", LONG_TEXT));
            session.await(Event.SpeechStarted.class, WAIT);
            CompletableFuture<Void> talking = CompletableFuture.runAsync(() -> {
                try {
                    caller.sendTone(300, 12000, 1400); // six words: a partial every 200 ms of speech
                    // The VAD commits after 0.8 s of quiet, counted in the audio it receives; the last chunk
                    // of a call's audio that does not fill a whole chunk is never sent, so exactly 0.8 s of
                    // quiet committed only when the chunk boundaries happened to fall on it (a flake, about
                    // one run in seven). More quiet than the threshold plus a chunk commits every time.
                    caller.sendTone(300, 0, 1200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Event.SpeechInterrupted cut = session.await(Event.SpeechInterrupted.class, WAIT);
            assertEquals("first", cut.utteranceId());
            assertEquals("stop", cut.transcript());
            session.send(Command.Say.sentence("answer", LONG_TEXT)); // interruptible by anything
            Event last = session.await(e -> e instanceof Event.Transcript t && t.isFinal()
                    || e instanceof Event.SpeechInterrupted, WAIT);
            assertTrue(last instanceof Event.Transcript, "the rest of the phrase did not cut the answer: " + last);
            talking.join();
            assertTrue(session.pending().stream().noneMatch(e -> e instanceof Event.SpeechInterrupted),
                    session.pending().toString());
            caller.bye();
        }
    }

    @Test
    void inWordsModeNoiseWithoutWordsDoesNotInterruptButWordsDo() throws Exception {
        // The first burst is noise (no words in the script), the second says something.
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("", "wait"))));
        try (Caller caller = Caller.dial(wordsOnly.sipPort(), "words")) {
            TestBot.Session session = startTranscribing();
            caller.sendTone(1000, 0, 100);
            session.send(Command.Say.sentence("kept", LONG_TEXT));
            session.await(Event.SpeechStarted.class, WAIT);
            caller.sendTone(300, 16000, 600); // loud, far above the energy threshold: noise
            caller.sendTone(300, 0, 1000);
            assertTrue(session.pending().stream().noneMatch(e -> e instanceof Event.SpeechInterrupted
                    || e instanceof Event.Transcript), "noise without words interrupts nothing: " + session.pending());
            caller.sendTone(300, 16000, 600);
            Event.SpeechInterrupted interrupted = session.await(Event.SpeechInterrupted.class, WAIT);
            assertEquals(InterruptReason.SPEECH, interrupted.reason());
            assertEquals("wait", interrupted.transcript());
            caller.bye();
        }
    }

    @ParameterizedTest(name = "{0} gives stt.error {1}")
    @CsvSource({
            "auth_error, unauthorized, false",
            "quota_exceeded, quota_exceeded, false",
            "rate_limited, rate_limited, true",
            "input_error, input_error, false",
            "transcriber_error, vendor_error, true",
            "session_time_limit_exceeded, session_limit, true",
            "close, connection_lost, true",
    })
    void everySttFailureGivesSttErrorAndTheCallAndItsSpeechGoOn(String error, String code, boolean retrying)
            throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("after the retry"))).withError(error, 200, 1));
        try (Caller caller = Caller.dial(sayline.sipPort(), "fail-" + error)) {
            TestBot.Session session = startTranscribing();
            // The simulator fails the session after 200 ms of audio: the caller talks (quietly) until then.
            speakUntil(caller, session, e -> e instanceof Event.SttError);
            Event.SttError failure = session.await(Event.SttError.class, WAIT);
            assertEquals(code, failure.code(), failure.toString());
            assertEquals("scribe", failure.stt());
            assertEquals(retrying, failure.retrying(), failure.toString());
            session.send(Command.Say.sentence("after", "still here"));
            session.await(Event.SpeechDone.class, WAIT);
            if (retrying) { // the reconnected stream transcribes again
                caller.sendTone(300, 12000, 400);
                caller.sendTone(300, 0, 1000);
                Event.Transcript transcript = session.await(e -> e instanceof Event.Transcript t && t.isFinal(), WAIT)
                        instanceof Event.Transcript t ? t : null;
                assertEquals("after the retry", transcript.text());
            }
            caller.bye();
            assertTrue(session.await(Event.SessionEnd.class, WAIT).reason() == Event.EndReason.CALLER_HANGUP);
        }
        JsonNode record = callRecordTo("fail-" + error);
        assertEquals(1, record.get("sttErrors").asInt(), record.toString());
        assertEquals(retrying ? 1 : 0, record.get("transcripts").asInt(), record.toString());
        assertTrue(record.get("sttFramesNotSent").asLong() >= 0, record.toString());
    }

    /** The record of the last call to {@code user}, once it is written. */
    private static JsonNode callRecordTo(String user) throws Exception {
        JsonNode[] found = new JsonNode[1];
        Await.until(() -> (found[0] = lastRecordTo(user)) != null, WAIT, "the call record of " + user);
        return found[0];
    }

    private static JsonNode lastRecordTo(String user) {
        if (!Files.exists(records)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(records)) {
            return lines.map(TranscribeEndToEndTest::jsonOrNull)
                    .filter(r -> r != null && r.path("to").asText().startsWith("sip:" + user + "@"))
                    .reduce((earlier, later) -> later).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private static JsonNode jsonOrNull(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null; // a line still being written
        }
    }

    @Test
    void wordTimingsArePlacedOnTheCallerTimeline() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("opening hours"))));
        try (Caller caller = Caller.dial(sayline.sipPort(), "timed")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            session.send(new Command.Transcribe(true, "timed", null));
            caller.sendTone(300, 0, 500);
            caller.sendTone(300, 12000, 800);
            caller.sendTone(300, 0, 800);
            Event.Transcript last = (Event.Transcript) session.await(e -> e instanceof Event.Transcript t && t.isFinal(),
                    WAIT);
            assertEquals("opening hours", last.text());
            assertEquals("en", last.language());
            assertEquals(List.of("opening", "hours"), last.words().stream().map(Event.Word::text).toList());
            // The speech starts 500 ms into the caller's audio, which starts at or after the answer: the words are
            // placed from there (the upper bound only guards against nonsense on a loaded machine).
            long start = last.words().get(0).startMs();
            assertTrue(start >= 500 && start < 2500, "first word at " + start + " ms: " + last);
            assertEquals(start, last.startMs());
            assertEquals(last.words().get(1).endMs(), last.endMs());
            assertTrue(last.endMs() - start >= 700 && last.endMs() - start <= 900, "about 800 ms of speech: " + last);
            caller.bye();
        }
    }

    @Test
    void theIvrBotAnswersASpokenMenuChoice() throws Exception {
        sim.sttKnobs(SttKnobs.DEFAULTS.withScripts(List.of(List.of("opening hours"))));
        try (Caller caller = Caller.dial(sayline.sipPort(), "ivr")) {
            Await.until(() -> spokenBySim("Press 1 or say opening hours"), WAIT, "the ivr-bot's menu");
            caller.sendTone(300, 12000, 600);
            caller.sendTone(300, 0, 1000);
            Await.until(() -> spokenBySim("We are open Monday"), WAIT, "the opening hours, chosen by voice");
            caller.bye();
        }
    }

    /** Whether the simulator was asked to speak text containing {@code words}. */
    private static boolean spokenBySim(String words) {
        return sim.received().stream().anyMatch(r -> r.kind() == RecordedRequest.Kind.WS_MESSAGE
                && String.valueOf(r.body()).contains(words));
    }

    @ParameterizedTest(name = "stt {0}: {1}")
    @CsvSource({
            "oldmodel, input_error, 422",       // the handshake refused: not a realtime model
            "badkey, unauthorized, auth_error", // the vendor's auth_error on the socket: a wrong key
    })
    void aSessionTheVendorRefusesGivesSttErrorWithoutRetrying(String stt, String code, String said) throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "refused-" + stt)) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            session.send(new Command.Transcribe(true, stt, null));
            Event.SttError failure = session.await(Event.SttError.class, WAIT);
            assertEquals(code, failure.code(), failure.toString());
            assertTrue(failure.message().contains(said), failure.message());
            assertFalse(failure.retrying(), "the same request would be refused again");
            session.send(Command.Say.sentence("on", "the call goes on"));
            session.await(Event.SpeechDone.class, WAIT);
            caller.bye();
        }
    }

    @Test
    void aBlockThatDoesNotExistGivesNotConfigured() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "unknown")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            session.send(new Command.Transcribe(true, "nope", null));
            Event.SttError failure = session.await(Event.SttError.class, WAIT);
            assertEquals("not_configured", failure.code());
            caller.bye();
        }
    }

    /** The caller sends silence, 100 ms at a time, until an event matching {@code condition} has arrived. */
    private static void speakUntil(Caller caller, TestBot.Session session, Predicate<Event> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (session.pending().stream().noneMatch(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching event while the caller spoke for " + WAIT + ": "
                        + session.pending());
            }
            caller.sendTone(1000, 0, 100);
        }
    }

    private static TestBot.Session startTranscribing() throws Exception {
        TestBot.Session session = bot.awaitSession();
        session.await(Event.SessionStart.class, WAIT);
        session.send(new Command.Transcribe(true, null, null));
        return session;
    }
}
