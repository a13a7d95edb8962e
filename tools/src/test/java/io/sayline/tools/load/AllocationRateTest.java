package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Allocation per call-second from the spans between collections and the run's live calls. */
class AllocationRateTest {
    /** A run of 100 calls: none at 0 s, 100 live from 10 s to 30 s, none again at 40 s. */
    private static final List<Sample> RUN = List.of(sample(0, 0), sample(10, 100), sample(30, 100), sample(40, 0));

    @Test
    void aSpanWithEveryCallLiveGivesItsMegabytesPerCallSecond() {
        AllocationRate r = AllocationRate.of(List.of(new GcLog.Allocated(12, 22, 50)), RUN);

        assertEquals(5.0, r.mbPerSecond(), 1e-9);
        assertEquals(50 * 1024 / (10.0 * 100), r.kbPerCallSecond(), 1e-6);
        assertEquals(1, r.spans());
    }

    @Test
    void theRampCountsTheCallsItHad() {
        // 0 to 10 s: the calls go from 0 to 100, 500 call-seconds; from 5 s, 375
        AllocationRate r = AllocationRate.of(List.of(new GcLog.Allocated(5, 10, 30)), RUN);

        assertEquals(30 * 1024 / 375.0, r.kbPerCallSecond(), 1e-6);
    }

    @Test
    void spansThatStartOrEndWithNoCallLiveAreLeftOut() {
        AllocationRate r = AllocationRate.of(List.of(new GcLog.Allocated(-5, 15, 80),
                new GcLog.Allocated(35, 45, 80), new GcLog.Allocated(15, 25, 40)), RUN);

        assertEquals(1, r.spans());
        assertEquals(4.0, r.mbPerSecond(), 1e-9);
    }

    @Test
    void noSpanDuringTheCallsIsNotANumber() {
        AllocationRate r = AllocationRate.of(List.of(), RUN);

        assertEquals(Double.NaN, r.kbPerCallSecond());
        assertEquals(0, r.spans());
    }

    private static Sample sample(double seconds, int live) {
        return new Sample(seconds, live, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0);
    }
}
