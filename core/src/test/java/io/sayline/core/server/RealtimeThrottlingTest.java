package io.sayline.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealtimeThrottlingTest {
    @TempDir
    Path dir;

    @Test
    void theKernelsDefaultPeriodOfASecondGetsTheAdvice() {
        Optional<String> advice = RealtimeThrottling.advice(1_000_000);
        assertTrue(advice.isPresent());
        assertTrue(advice.get().contains("periods of 1000 ms"), advice.get());
        assertTrue(advice.get().contains("a period of 100 ms"), advice.get());
    }

    @Test
    void aPeriodOfAHundredMillisecondsOrLessGetsNone() {
        assertEquals(Optional.empty(), RealtimeThrottling.advice(100_000));
        assertEquals(Optional.empty(), RealtimeThrottling.advice(50_000));
    }

    @Test
    void theFirstFileThatHoldsANumberIsRead() throws IOException {
        Path missing = dir.resolve("missing");
        Path garbled = Files.writeString(dir.resolve("garbled"), "not a number\n");
        Path group = Files.writeString(dir.resolve("group"), "100000\n");
        Path kernel = Files.writeString(dir.resolve("kernel"), "1000000\n");
        assertEquals(OptionalLong.of(100_000),
                RealtimeThrottling.periodMicros(List.of(missing, garbled, group, kernel)));
        assertEquals(OptionalLong.empty(), RealtimeThrottling.periodMicros(List.of(missing, garbled)));
    }

    @Test
    void thisMachinesPeriodIsReadable() {
        assertTrue(RealtimeThrottling.periodMicros(RealtimeThrottling.PERIOD_FILES).isPresent(),
                "neither of " + RealtimeThrottling.PERIOD_FILES + " could be read");
    }
}
