package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest row of SIPp's statistics file and of jstat's output, as the progress line reads them. */
class LastRowTest {
    @TempDir
    Path dir;

    @Test
    void sippStatisticsBySemicolonWithItsTabbedDates() throws Exception {
        Path file = dir.resolve("sipp-stat.csv");
        Files.write(file, List.of("StartTime;CurrentCall;SuccessfulCall(C);FailedCall(C);",
                "2026-12-05\t04:31:16.58;10;0;0;",
                "2026-12-05\t04:31:17.58;4;96;0;"));

        Map<String, String> row = LastRow.read(file, ";", "CurrentCall");

        assertEquals(96, LastRow.number(row, "SuccessfulCall(C)"));
        assertEquals(4, LastRow.number(row, "CurrentCall"));
    }

    @Test
    void jstatByWhiteSpaceWithDashesForColumnsTheCollectorLacks() throws Exception {
        Path file = dir.resolve("jstat.log");
        Files.write(file, List.of("    S0U         S1U          EU           OU     YGC",
                "      0.0      1024.0     20480.0     40960.0      3",
                "        -           -           -     104448.0      -"));

        Map<String, String> row = LastRow.read(file, "\\s+", "EU");

        assertEquals(0, LastRow.number(row, "EU"));
        assertEquals(104448, LastRow.number(row, "OU"));
    }

    @Test
    void nothingBeforeTheFirstRow() {
        assertEquals(Map.of(), LastRow.read(dir.resolve("not-yet"), ";", "CurrentCall"));
    }
}
