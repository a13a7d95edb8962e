package io.sayline.rtp.pacer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sayline.rtp.clock.ManualClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GiveWayTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long US = TimeUnit.MICROSECONDS.toNanos(1);

    private final ManualClock clock = new ManualClock(1_000 * MS);
    private final List<Long> pauses = new ArrayList<>();
    private final AtomicInteger reported = new AtomicInteger();
    /** Parking passes the time it parks for, as a real park would. */
    private final GiveWay giveWay = new GiveWay(clock, nanos -> {
        pauses.add(nanos);
        clock.advanceNanos(nanos);
    }, reported::incrementAndGet);

    /** Ticks {@code count} streams of the slot due at {@code dueNanos}, each taking {@code tickNanos}. */
    private void tick(long dueNanos, int count, long tickNanos) {
        for (int i = 0; i < count; i++) {
            giveWay.beforeTick(dueNanos);
            clock.advanceNanos(tickNanos);
        }
    }

    @Test
    void aLoopOnTimeNeverParksHoweverBusy() {
        for (int slot = 0; slot < 10_000; slot++) {
            tick(clock.nanos(), 90, 10 * US); // 0.9 ms of ticks every 1 ms slot
            clock.advanceNanos(100 * US);
        }
        assertEquals(List.of(), pauses);
    }

    @Test
    void catchingUpAfterAGcPauseDoesNotPark() {
        long due = clock.nanos();
        clock.advanceMillis(35); // a young pause: the loop wakes 35 ms late
        tick(due, 200, 10 * US); // and ticks the missed slot's streams for 2 ms
        tick(due + MS, 200, 10 * US); // and the next slot's: late for 4 ms in all, less than RUN_NANOS
        assertEquals(List.of(), pauses);
    }

    @Test
    void aLoopThatStaysLateParksHalfTheTime() {
        long due = clock.nanos();
        clock.advanceMillis(20);
        tick(due, 2_000, 20 * US); // 40 ms of slow ticks of one late slot
        // A check every 16 ticks (0.32 ms): late from the first (tick 15), it parks 16 checks (5.12 ms) later, at
        // ticks 271, 527, ..., 1,807, while it stays late: 7 times in 2,000 ticks.
        assertEquals(Collections.nCopies(7, GiveWay.PAUSE_NANOS), pauses);
        assertEquals(pauses.size(), reported.get());
    }

    @Test
    void oneSlotWhoseTicksRunFarPastItsDueTimeGivesWayToo() {
        tick(clock.nanos(), 5_000, 20 * US); // on time when it starts; 100 ms of ticks
        // Late from the first check past 10 ms (tick 511), it parks at ticks 767, 1,023, ..., 4,863: 17 times.
        assertEquals(17, pauses.size());
    }

    @Test
    void backOnTimeItStopsParking() {
        long due = clock.nanos();
        clock.advanceMillis(20);
        tick(due, 800, 20 * US); // 16 ms of late ticks: parks at ticks 271, 527 and 783
        assertEquals(3, pauses.size());
        for (int slot = 0; slot < 1_000; slot++) { // then on time: 0.9 ms of ticks every 1 ms slot, no more pauses
            tick(clock.nanos(), 45, 20 * US);
            clock.advanceNanos(100 * US);
        }
        assertEquals(3, pauses.size());
    }
}
