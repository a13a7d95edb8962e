package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FlatnessTest {
    /** n samples: a warm-up ramp over the first fifth, then {@code level(i)}. */
    private static double[] afterRamp(int n, java.util.function.IntToDoubleFunction level) {
        return IntStream.range(0, n).mapToDouble(i -> i < n / 5 ? i : level.applyAsDouble(i)).toArray();
    }

    @Test
    void steadySeriesAfterAWarmUpRampIsFlat() {
        Flatness f = Flatness.of(afterRamp(100, i -> 200 + (i % 3)), 0);
        assertTrue(f.flat(), f.toString());
        assertEquals(201, f.warmUp());
    }

    @Test
    void seriesRisingTenPercentAfterWarmUpIsNotFlat() {
        Flatness f = Flatness.of(afterRamp(100, i -> 1000 + i), 0);
        assertFalse(f.flat(), f.toString());
        assertEquals(1094.5, f.end(), "median of the last ten samples, 1090..1099");
    }

    @Test
    void smallIntegerSeriesMayMoveWithinItsSlack() {
        double[] fds = afterRamp(50, i -> i < 40 ? 40 : 43);
        assertFalse(Flatness.of(fds, 0).flat(), "5 % of 40 allows 42");
        Flatness withSlack = Flatness.of(fds, 4);
        assertTrue(withSlack.flat(), withSlack.toString());
        assertEquals(44, withSlack.limit());
    }

    @Test
    void oneSpikeInTheEndWindowDoesNotDecide() {
        double[] v = afterRamp(40, i -> i == 38 ? 900 : 100);
        assertTrue(Flatness.of(v, 0).flat());
    }

    @Test
    void fallingSeriesIsFlat() {
        assertTrue(Flatness.of(afterRamp(30, i -> 100 - i), 0).flat());
    }

    @Test
    void unmeasuredSamplesAreSkippedAndTooFewSayNothing() {
        double[] sparse = IntStream.range(0, 40).mapToDouble(i -> i % 5 == 0 ? 10 : Double.NaN).toArray();
        Flatness f = Flatness.of(sparse, 0);
        assertEquals(8, f.samples());
        assertFalse(f.enoughSamples());
        assertFalse(f.flat());
    }
}
