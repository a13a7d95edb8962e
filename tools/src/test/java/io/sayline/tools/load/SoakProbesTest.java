package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's readers of other tools' output, on real samples of it. */
class SoakProbesTest {
    @Test
    void heapAfterGcSumsTheGenerationsOfParallelGc() {
        String heapInfo = """
                 PSYoungGen      total 18944K, used 1024K [0x00000000feb00000, 0x0000000100000000, 0x0000000100000000)
                  eden space 16384K, 6% used [0x00000000feb00000,0x00000000feb00000,0x00000000ffb00000)
                 ParOldGen       total 44032K, used 2241K [0x00000000fc000000, 0x00000000feb00000, 0x00000000feb00000)
                  object space 44032K, 5% used [0x00000000fc000000,0x00000000fc230598,0x00000000feb00000)
                 Metaspace       used 8949K, committed 9088K, reserved 1114112K
                """;
        assertEquals(3265, HeapAfterGc.usedKb(heapInfo), "young + old, not metaspace");
        assertTrue(Double.isNaN(HeapAfterGc.usedKb("Could not attach to 123")));
    }

    @Test
    void metricsKeepLabelledSeriesAndLeaveOutCommentsAndBuckets() {
        Map<String, Double> m = MetricsScrape.parse("""
                # HELP sayline_calls_active Live calls.
                # TYPE sayline_calls_active gauge
                sayline_calls_active 3.0
                sayline_rtp_packets_total{direction="out"} 1234
                sayline_ttfa_seconds_bucket{le="0.005"} 1
                sayline_ttfa_seconds_count 1
                """);
        assertEquals(Map.of("sayline_calls_active", 3.0, "sayline_rtp_packets_total{direction=\"out\"}", 1234.0,
                "sayline_ttfa_seconds_count", 1.0), m);
    }

    @Test
    void openFilesOfThisProcessIncludeASocketWhileOneIsOpen() throws Exception {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            OpenFiles files = OpenFiles.of(ProcessHandle.current().pid());
            assertTrue(files.sockets() >= 1 && files.all() > files.sockets(), files.toString());
        }
    }
}
