package io.sayline.tools.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyProbeOptionsTest {

    @Test
    void percentilesAreNearestRank() {
        List<Long> values = new java.util.ArrayList<>();
        for (long v = 100; v >= 1; v--) {
            values.add(v);
        }
        assertEquals(new Percentiles(100, 50, 95, 99, 100), Percentiles.of(values));
        assertEquals(new Percentiles(1, 7, 7, 7, 7), Percentiles.of(List.of(7L)));
        assertEquals(-1, Percentiles.of(List.of()).p50());
    }

    @Test
    void defaultsAreMultiContextTwentyCallsAndSeventyFiveMillisecondFirstChunk() {
        LatencyProbe.Options o = LatencyProbe.Options.parse(new String[0]);
        assertEquals("multi", o.mode());
        assertEquals(20, o.calls());
        assertEquals(75, o.firstChunkDelayMs());
        assertEquals("streaming: websocket, multiContext: true, outputFormat: pcm_16000", o.vendorYaml());
        assertEquals("", o.playoutYaml());
    }

    @Test
    void flagsOverrideAndBadOnesAreRefused() {
        LatencyProbe.Options o = LatencyProbe.Options.parse(new String[] {"--mode", "http", "--calls", "5",
                "--playout-start-ms", "20", "--speech"});
        assertEquals("streaming: http, alignment: false, outputFormat: pcm_16000", o.vendorYaml());
        assertEquals(5, o.calls());
        assertEquals("playout: { startMs: 20 }\n", o.playoutYaml());
        assertEquals(true, o.speech());
        assertThrows(IllegalArgumentException.class, () -> LatencyProbe.Options.parse(new String[] {"--mode", "x"}));
        assertThrows(IllegalArgumentException.class, () -> LatencyProbe.Options.parse(new String[] {"--calls", "0"}));
        assertThrows(IllegalArgumentException.class, () -> LatencyProbe.Options.parse(new String[] {"--nope", "1"}));
        assertThrows(IllegalArgumentException.class, () -> LatencyProbe.Options.parse(new String[] {"--calls"}));
    }
}
