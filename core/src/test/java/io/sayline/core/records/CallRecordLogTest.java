package io.sayline.core.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.RecordsConfig;
import io.sayline.core.metrics.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecordLogTest {
    @TempDir
    Path dir;

    @Test
    void eachRecordIsOneJsonLineInTheFileAndOnStdout() throws Exception {
        Path path = dir.resolve("calls.jsonl");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Metrics metrics = new Metrics();
        CallRecordLog log = CallRecordLog.open(new RecordsConfig(path.toString(), true, 1 << 20, 1), metrics,
                new PrintStream(stdout, true, StandardCharsets.UTF_8));
        log.append(record("c1", 120L));
        log.append(record("c2", null));
        log.close();

        List<String> lines = Files.readAllLines(path);
        assertEquals(2, lines.size());
        assertEquals(String.join("\n", lines) + "\n", stdout.toString(StandardCharsets.UTF_8));
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("c1", first.get("callId").asText());
        assertEquals("2026-12-05T10:00:00Z", first.get("startedAt").asText());
        assertEquals("caller-hangup", first.get("endReason").asText());
        assertEquals(120, first.get("ttfaP50Ms").asLong());
        assertEquals(3, first.get("dtmfReceived").asInt());
        assertEquals(true, new ObjectMapper().readTree(lines.get(1)).get("ttfaP50Ms").isNull());
        assertEquals(2, metrics.counter("sayline_call_records_written_total", "").value());
        assertEquals(0, metrics.counter("sayline_call_records_dropped_total", "").value());
    }

    @Test
    void offMeansNoLog() throws Exception {
        assertNull(CallRecordLog.open(new RecordsConfig(null, false, 1 << 20, 1), new Metrics(), System.out));
    }

    private static CallRecord record(String id, Long ttfa) {
        Instant start = Instant.parse("2026-12-05T10:00:00Z");
        return new CallRecord(id, id + "@sipp", "sip:a@x", "sip:b@y", ".*", "builtin:demo", "embedded", "PCMU",
                start, start.plusMillis(5), start.plusSeconds(4), 4000, "caller-hangup", 1, 0, ttfa, ttfa, 0, 0, 3,
                200, 200, 200, 0, 0, 0, 0, 0, 0);
    }
}
