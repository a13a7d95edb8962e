package io.sayline.sip.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class Slf4jStackLoggerTest {

    @Test
    void junkPacketDumpIsCutToOneBoundedLine() {
        // The RI logs an unparseable datagram as its whole buffer in decimals: ≈ 200 KB.
        String dump = "Error while processing incoming UDP packet" + "[1, 2, 3]\n".repeat(20_000);
        String line = Slf4jStackLogger.bounded(dump);
        assertTrue(line.length() < Slf4jStackLogger.MAX_LINE_CHARS + 40, "length " + line.length());
        assertFalse(line.contains("\n"));
        assertTrue(line.endsWith("(" + dump.length() + " chars)"));
    }

    @Test
    void shortMessagesPassUnchanged() {
        assertEquals("hello", Slf4jStackLogger.bounded("hello"));
        assertEquals("null", Slf4jStackLogger.bounded(null));
    }

    @Test
    void warningBudgetSuppressesBeyondTheRateAndReportsTheCount() {
        AtomicLong now = new AtomicLong();
        WarningBudget budget = new WarningBudget(2, now::get);
        assertEquals(0, budget.tryAcquire());
        assertEquals(0, budget.tryAcquire());
        assertEquals(-1, budget.tryAcquire());
        assertEquals(-1, budget.tryAcquire());
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(2, budget.tryAcquire());
        assertEquals(0, budget.tryAcquire());
    }
}
