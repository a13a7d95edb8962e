package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pauses the load tool reports, from real {@code -Xlog:gc*,safepoint} lines of the collectors in use. */
class GcLogTest {
    @TempDir
    Path dir;

    @Test
    void parallelGcPausesWithTheHeapLeftAndSafepoints() throws Exception {
        GcLog.Pauses p = read(
                "[3.618s][info][gc,start    ] GC(0) Pause Young (System.gc())",
                "[3.640s][info][gc          ] GC(0) Pause Young (System.gc()) 207M->29M(960M) 22.135ms",
                "[14.640s][info][gc          ] GC(2) Pause Young (Allocation Failure) 420M->61M(960M) 12.310ms",
                "[0.947s][info][safepoint   ] Safepoint \"ICBufferFull\", Time since last: 482540297 ns, Reaching "
                        + "safepoint: 78387 ns, Cleanup: 120536 ns, At safepoint: 5661 ns, Total: 204584 ns");

        assertEquals(List.of(new GcLog.Pause(3.640, 22.135, 207, 29), new GcLog.Pause(14.640, 12.310, 420, 61)),
                p.gc());
        assertEquals(1, p.safepoints().size());
        assertEquals(0.204584, p.safepoints().get(0).ms(), 1e-9);
        assertEquals(61, p.maxHeapAfterGcMb());
    }

    @Test
    void onlyPausesSinceTheCallsStartedAreKept() throws Exception {
        GcLog.Pauses p = read(
                "[3.640s][info][gc          ] GC(0) Pause Young (System.gc()) 207M->29M(960M) 22.135ms",
                "[14.640s][info][gc          ] GC(2) Pause Young (Allocation Failure) 420M->61M(960M) 12.310ms")
                .since(10);

        assertEquals(1, p.gc().size());
        assertEquals(12.310, GcLog.Pauses.max(p.gc()), 1e-9);
    }

    @Test
    void allocatedBetweenCollectionsIsTheHeapBeforeOneLessTheHeapAfterTheOneBefore() throws Exception {
        GcLog.Pauses p = read(
                "[3.640s][info][gc          ] GC(0) Pause Young (System.gc()) 207M->29M(960M) 22.135ms",
                "[14.640s][info][gc          ] GC(2) Pause Young (Allocation Failure) 420M->61M(960M) 12.310ms",
                "[20.640s][info][gc          ] GC(3) Pause Young (Allocation Failure) 445M->64M(960M) 10.000ms")
                .since(10);

        assertEquals(1, p.allocations().size());
        GcLog.Allocated a = p.allocations().get(0);
        assertEquals(4.640, a.fromSeconds(), 1e-9);
        assertEquals(10.640, a.toSeconds(), 1e-9);
        assertEquals(445 - 61, a.mb(), 1e-9);
    }

    @Test
    void zgcPausesAreItsPhasesNotItsStatistics() throws Exception {
        GcLog.Pauses p = read(
                "[1.408s][info][gc,phases   ] GC(0) Pause Mark Start 0.004ms",
                "[1.446s][info][gc,phases   ] GC(0) Pause Mark End 0.011ms",
                "[10.407s][info][gc,stats    ]       Phase: Pause Relocate Start    0.006 / 0.007    0.006 / 0.007 ms");

        assertEquals(2, p.gc().size());
        assertEquals(0.011, GcLog.Pauses.max(p.gc()), 1e-9);
        assertEquals(Double.NaN, p.maxHeapAfterGcMb());
        assertEquals(List.of(), p.allocations());
    }

    private GcLog.Pauses read(String... lines) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.write(log, List.of(lines));
        return GcLog.read(log);
    }
}
