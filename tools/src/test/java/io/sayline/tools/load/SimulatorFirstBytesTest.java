package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.tools.elsim.ElevenLabsSimulator;
import io.sayline.tools.latency.Percentiles;
import org.junit.jupiter.api.Test;

/** The simulator's own first bytes, from its records: only those that made audio count. */
class SimulatorFirstBytesTest {
    @Test
    void arrivalToFirstAudioOfTheRecordsThatMadeAudio() throws Exception {
        Percentiles p = SimulatorFirstBytes.of(new ObjectMapper().readTree("["
                + "{\"receivedNanos\": 1000000000, \"firstAudioNanos\": 1075000000},"
                + "{\"receivedNanos\": 2000000000, \"firstAudioNanos\": 0},"
                + "{\"receivedNanos\": 3000000000, \"firstAudioNanos\": 3090000000}]"));

        assertEquals(2, p.count());
        assertEquals(75, p.p50());
        assertEquals(90, p.max());
    }

    @Test
    void aRealSimulatorForgetsTheWarmUpsRequests() throws Exception {
        ElevenLabsSimulator sim = ElevenLabsSimulator.builder().port(0).signal("tones:500,1000").msPerChar(40)
                .build().start();
        try {
            SimulatorWarmUp.run(sim.httpBase());
            assertEquals(0, SimulatorFirstBytes.read(sim.httpBase()).count());
        } finally {
            sim.close();
        }
    }
}
