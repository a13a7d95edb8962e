package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sayline.tools.elsim.ElevenLabsSimulator;
import io.sayline.tools.elsim.SimKnobs;
import org.junit.jupiter.api.Test;

/** The warm-up streams every utterance from a real simulator and leaves the run's knobs as they were. */
class SimulatorWarmUpTest {
    @Test
    void everyUtteranceComesBackWholeAndTheKnobsAreTheRunsAgain() throws Exception {
        SimKnobs run = SimKnobs.DEFAULTS.toBuilder().firstChunkDelayMs(75).chunkMs(200).jitterMs(150)
                .realTimeFactor(1.2).build();
        ElevenLabsSimulator sim = ElevenLabsSimulator.builder().port(0).signal("tones:500,1000").msPerChar(40)
                .knobs(run).build().start();
        try {
            assertEquals(SimulatorWarmUp.REQUESTS, SimulatorWarmUp.run(sim.httpBase()));
            assertEquals(run, sim.knobs());
        } finally {
            sim.close();
        }
    }
}
