package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.testing.Await;
import io.sayline.core.testing.TestBot;
import io.sayline.tools.interop.Sipp;
import io.sayline.tools.sipp.SippFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Call records (issue #12): SIPp places 100 calls that each press keys, a bot says one sentence per call, and
 * the records file then holds 100 lines whose fields agree with what SIPp sent and what the bot was told.
 */
class CallRecordsEndToEndTest {
    private static final int CALLS = 100;
    private static final Duration CALL_WAIT = Duration.ofSeconds(60);
    private static final Pattern CALL_ID = Pattern.compile("^Call-ID: *(\\S+)", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path dir;
    private static TestBot bot;
    private static E2eServer sayline;
    private static Path records;

    @BeforeAll
    static void startAll() throws Exception {
        bot = new TestBot();
        records = dir.resolve("calls.jsonl");
        sayline = E2eServer.start(dir, "37600-37999", E2eServer.yaml(null, bot.url(),
                "records: { path: \"" + records + "\" }\nsip: { maxCallsPerSecond: 1000 }\n"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        E2eServer.closeAll(sayline, bot);
    }

    /** What the bot of one call was told, from session.start to session.end. */
    private record BotView(Event.SessionStart start, Event.SessionEnd end, int digits, int spoken,
                           int interrupted, int ttsErrors, Long ttfaMaxMs) {
    }

    @Test
    void oneRecordPerCallAgreeingWithSippAndTheBot() throws Exception {
        Path scenario = Sipp.scenario("uac_dtmf.xml", dir);
        Path messages = dir.resolve("sipp-messages.log");
        Sipp.binary();
        CompletableFuture<Sipp.Result> sipp = CompletableFuture.supplyAsync(() -> {
            try {
                return Sipp.run(dir, 120, "-sf", scenario.toString(), "-s", "dtmf", "-m", String.valueOf(CALLS),
                        "-r", "25", "-l", String.valueOf(CALLS), "-trace_msg", "-message_file", messages.toString(),
                        "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                        "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + sayline.sipPort());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService botThreads = Executors.newFixedThreadPool(CALLS);
        Map<String, BotView> byCallId = new HashMap<>();
        try {
            List<Future<BotView>> views = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                TestBot.Session session = bot.awaitSession();
                views.add(botThreads.submit(() -> converse(session)));
            }
            for (Future<BotView> view : views) {
                BotView seen = view.get();
                byCallId.put(seen.start().callId(), seen);
            }
        } finally {
            botThreads.shutdownNow();
        }
        Sipp.Result result = sipp.join();
        assertEquals(0, result.exitCode(), "SIPp: " + result.tail());

        Await.until(() -> lines(records).size() == CALLS, Duration.ofSeconds(10), CALLS + " records");
        Set<String> sippCallIds = callIds(Files.readString(messages));
        assertEquals(CALLS, sippCallIds.size(), "SIPp's Call-IDs");
        ObjectMapper json = new ObjectMapper();
        Set<String> recordedCallIds = new TreeSet<>();
        int withDigits = 0;
        for (String line : lines(records)) {
            JsonNode record = json.readTree(line);
            BotView bot = byCallId.get(record.get("callId").asText());
            assertNotNull(bot, "a record for a call the bot never saw: " + line);
            recordedCallIds.add(record.get("sipCallId").asText());
            assertEquals(bot.start().sipCallId(), record.get("sipCallId").asText(), line);
            assertEquals(bot.start().from(), record.get("from").asText(), line);
            assertEquals(bot.start().to(), record.get("to").asText(), line);
            assertEquals(bot.end().reason().wireName(), record.get("endReason").asText(), line);
            assertEquals("caller-hangup", record.get("endReason").asText(), "SIPp hangs up every call: " + line);
            assertEquals(bot.digits(), record.get("dtmfReceived").asInt(), line);
            assertEquals(bot.spoken(), record.get("utterances").asInt(), line);
            assertEquals(bot.interrupted(), record.get("utterancesInterrupted").asInt(), line);
            assertEquals(bot.ttsErrors(), record.get("vendorErrors").asInt(), line);
            assertEquals(bot.ttfaMaxMs(), record.get("ttfaMaxMs").isNull() ? null : record.get("ttfaMaxMs").asLong(), line);
            assertEquals("embedded", record.get("tts").asText(), line);
            assertEquals("PCMU", record.get("codec").asText(), line);
            Instant started = Instant.parse(record.get("startedAt").asText());
            Instant answered = Instant.parse(record.get("answeredAt").asText());
            Instant ended = Instant.parse(record.get("endedAt").asText());
            assertTrue(!answered.isBefore(started) && ended.isAfter(answered), line);
            assertTrue(record.get("rtpPacketsSent").asLong() > 0 && record.get("rtpPacketsReceived").asLong() > 0, line);
            withDigits += record.get("dtmfReceived").asInt() > 0 ? 1 : 0;
        }
        assertEquals(sippCallIds, recordedCallIds, "one record per SIPp call, none other");
        assertEquals(CALLS, withDigits, "every SIPp call pressed keys");
    }

    /** Says one sentence as soon as the call starts, then listens until the call ends. */
    private static BotView converse(TestBot.Session session) throws InterruptedException {
        Event.SessionStart start = session.await(Event.SessionStart.class, CALL_WAIT);
        session.send(Command.Say.sentence("hello", "Hello."));
        int digits = 0;
        int spoken = 0;
        int interrupted = 0;
        int ttsErrors = 0;
        Long ttfaMax = null;
        while (true) {
            Event event = session.await(e -> true, CALL_WAIT);
            if (event instanceof Event.SessionEnd end) {
                return new BotView(start, end, digits, spoken, interrupted, ttsErrors, ttfaMax);
            } else if (event instanceof Event.Dtmf) {
                digits++;
            } else if (event instanceof Event.SpeechDone done) {
                spoken++;
                ttfaMax = ttfaMax == null ? done.latency().ttfaMs() : Math.max(ttfaMax, done.latency().ttfaMs());
            } else if (event instanceof Event.SpeechInterrupted) {
                interrupted++;
            } else if (event instanceof Event.TtsError) {
                ttsErrors++;
            }
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> callIds(String sippMessages) {
        Set<String> ids = new TreeSet<>();
        Matcher matcher = CALL_ID.matcher(sippMessages);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
