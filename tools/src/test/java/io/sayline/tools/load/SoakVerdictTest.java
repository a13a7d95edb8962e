package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
    private static Map<WatchedSeries, Flatness> allFlat() {
        Map<WatchedSeries, Flatness> trends = new EnumMap<>(WatchedSeries.class);
        for (WatchedSeries s : WatchedSeries.values()) {
            trends.put(s, new Flatness(10, 10, 12, 50));
        }
        return trends;
    }

    @Test
    void cleanRunPasses() {
        SoakVerdict v = new SoakVerdict(200, 200, 0, 0, 0, null, 0, true, allFlat());
        assertTrue(v.passed(), v.reasons().toString());
    }

    @Test
    void everyKindOfTroubleIsAReasonOfItsOwn() {
        Map<WatchedSeries, Flatness> trends = allFlat();
        trends.put(WatchedSeries.OPEN_FDS, new Flatness(40, 60, 50, 50));
        trends.put(WatchedSeries.HEAP_AFTER_GC, new Flatness(Double.NaN, Double.NaN, Double.NaN, 4));
        SoakVerdict v = new SoakVerdict(200, 198, 2, 1, 3, "LEAK: ByteBuf.release() was not called", 5, false, trends);
        assertEquals(List.of("2 call(s) not completed", "1 call(s) ended with error in Sayline",
                "3 Netty leak report(s)", "5 gateway log line(s) dropped: a leak report may be among them",
                "calls or RTP ports still held after the last call", "open file descriptors rising",
                "heap after full GC has too few samples"), v.reasons());
    }
}
