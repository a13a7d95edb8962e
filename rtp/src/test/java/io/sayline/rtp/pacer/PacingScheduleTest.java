package io.sayline.rtp.pacer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.rtp.clock.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacingScheduleTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Records the clock at every tick. */
    private static final class Recorder implements PacedStream {
        final ManualClock clock;
        final List<Long> ticks = new ArrayList<>();

        Recorder(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void tick() {
            ticks.add(clock.nanos());
        }
    }

    @Test
    void advancing20MsGivesExactlyOneTickPerStream() {
        ManualClock clock = new ManualClock(1_000 * MS);
        PacingSchedule schedule = new PacingSchedule(clock.nanos(), 3);
        List<Recorder> streams = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            Recorder r = new Recorder(clock);
            streams.add(r);
            schedule.register(r, clock.nanos());
        }
        for (int period = 1; period <= 50; period++) {
            for (int ms = 0; ms < 20; ms++) {
                schedule.runDue(clock.nanos());
                clock.advanceMillis(1);
            }
            for (Recorder r : streams) {
                assertEquals(period, r.ticks.size());
            }
        }
    }

    @Test
    void streamsSpreadOverThePhaseGroupsLeastLoadedFirst() {
        PacingSchedule schedule = new PacingSchedule(0, 3);
        ManualClock clock = new ManualClock();
        for (int i = 0; i < 50; i++) {
            schedule.register(new Recorder(clock), 0);
        }
        for (int g = 0; g < PacingSchedule.GROUPS; g++) {
            int size = schedule.groupSize(g);
            assertTrue(size == 2 || size == 3, "group " + g + " has " + size);
        }
        int group = schedule.register(new Recorder(clock), 0);
        assertEquals(3, schedule.groupSize(group));
    }

    @Test
    void phaseGroupsTickOneMillisecondApart() {
        ManualClock clock = new ManualClock();
        PacingSchedule schedule = new PacingSchedule(0, 3);
        Recorder a = new Recorder(clock);
        Recorder b = new Recorder(clock);
        int ga = schedule.register(a, 0);
        int gb = schedule.register(b, 0);
        for (int i = 0; i < 100 * 20 * 10; i++) {
            schedule.runDue(clock.nanos());
            clock.advanceNanos(MS / 10);
        }
        assertEquals(1, gb - ga);
        for (int n = 0; n < 100; n++) {
            assertEquals(n * 20 * MS + ga * MS, a.ticks.get(n));
            assertEquals(n * 20 * MS + gb * MS, b.ticks.get(n));
        }
    }

    @Test
    void jitteryWakeUpsDoNotDriftOver10000Ticks() {
        ManualClock clock = new ManualClock(5 * MS);
        PacingSchedule schedule = new PacingSchedule(clock.nanos(), 3);
        Recorder r = new Recorder(clock);
        int g = schedule.register(r, clock.nanos());
        Random random = new Random(42);
        while (r.ticks.size() < 10_000) {
            // wake on each 1 ms boundary, up to 900 µs late
            long next = schedule.nextDueNanos();
            long wake = next + (long) (random.nextDouble() * 0.9 * MS);
            clock.advanceNanos(wake - clock.nanos());
            schedule.runDue(clock.nanos());
        }
        for (int n = 0; n < r.ticks.size(); n++) {
            long due = schedule.dueNanos(g, n);
            long late = r.ticks.get(n) - due;
            assertTrue(late >= 0 && late < MS, "frame " + n + " was " + late + " ns off its due time");
        }
        assertEquals(0, schedule.skippedSlots());
    }

    @Test
    void lateWakeUpCatchesUpEveryMissedSlotWithoutShiftingTheGrid() {
        ManualClock clock = new ManualClock();
        PacingSchedule schedule = new PacingSchedule(0, 3);
        Recorder r = new Recorder(clock);
        schedule.register(r, 0);
        schedule.runDue(0);
        clock.advanceMillis(45); // slots at 20 and 40 missed
        schedule.runDue(clock.nanos());
        assertEquals(3, r.ticks.size());
        assertEquals(1, schedule.catchUpSlots());
        clock.advanceMillis(14); // 59: nothing due
        schedule.runDue(clock.nanos());
        assertEquals(3, r.ticks.size());
        clock.advanceMillis(1); // 60: due exactly on the original grid
        schedule.runDue(clock.nanos());
        assertEquals(4, r.ticks.size());
    }

    @Test
    void stallLongerThanTheCatchUpLimitSkipsInsteadOfBursting() {
        ManualClock clock = new ManualClock();
        PacingSchedule schedule = new PacingSchedule(0, 3);
        Recorder r = new Recorder(clock);
        schedule.register(r, 0);
        schedule.runDue(0);
        clock.advanceMillis(205); // ten slots due (20..200)
        schedule.runDue(clock.nanos());
        assertEquals(2, r.ticks.size());
        assertEquals(9, schedule.skippedSlots());
        clock.advanceMillis(15); // 220: next slot on the grid
        schedule.runDue(clock.nanos());
        assertEquals(3, r.ticks.size());
    }

    @Test
    void streamMayUnregisterItselfDuringItsTick() {
        ManualClock clock = new ManualClock();
        PacingSchedule schedule = new PacingSchedule(0, 3);
        int[] ticks = new int[2];
        PacedStream[] self = new PacedStream[1];
        self[0] = () -> {
            ticks[0]++;
            schedule.unregister(self[0]);
        };
        PacedStream other = () -> ticks[1]++;
        schedule.register(self[0], 0);
        schedule.register(other, 0);
        for (int ms = 0; ms <= 100; ms++) {
            schedule.runDue(clock.nanos());
            clock.advanceMillis(1);
        }
        assertEquals(1, ticks[0]);
        assertEquals(5, ticks[1]); // group 1: 1, 21, 41, 61, 81 ms
        assertEquals(1, schedule.streamCount());
    }

    @Test
    void failingStreamIsCountedAndRemovedOnceWhileOthersStillTick() {
        PacingSchedule schedule = new PacingSchedule(0, 3);
        int[] ticks = new int[2];
        schedule.register(() -> {
            ticks[0]++;
            throw new IllegalStateException("boom");
        }, 0);
        schedule.register(() -> ticks[1]++, 0);
        schedule.runDue(19 * MS);
        schedule.runDue(59 * MS);
        assertEquals(1, ticks[0], "ticked once, then out of the schedule");
        assertEquals(1, schedule.tickFailures());
        assertEquals(1, schedule.streamCount());
        assertTrue(ticks[1] >= 3, "the other stream kept its slots: " + ticks[1]);
    }

    @Test
    void streamRegisteredLateStartsOnItsGroupsNextSlot() {
        PacingSchedule schedule = new PacingSchedule(0, 3);
        ManualClock clock = new ManualClock(1_003 * MS + 1);
        Recorder r = new Recorder(clock);
        int g = schedule.register(r, clock.nanos());
        long first = schedule.nextDueNanos();
        assertTrue(first >= clock.nanos() && first - clock.nanos() <= 20 * MS);
        assertEquals(0, (first - g * MS) % (20 * MS));
    }
}
