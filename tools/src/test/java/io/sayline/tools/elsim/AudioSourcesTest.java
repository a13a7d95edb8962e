package io.sayline.tools.elsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AudioSourcesTest {

    /** Goertzel power of one frequency, normalised by length. */
    static double power(short[] x, int rate, double freq) {
        double w = 2 * Math.PI * freq / rate;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (short v : x) {
            double s0 = v + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - c * s1 * s2) / ((double) x.length * x.length);
    }

    @Test
    void tonesHaveEnergyAtEachFrequencyAtEqualLevel() {
        short[] x = SignalSource.parse("tones:1000,2000,4700,5300", 60).render("0123456789", 16000);
        assertEquals(9600, x.length);
        double p1 = power(x, 16000, 1000);
        double p4 = power(x, 16000, 4700);
        double off = power(x, 16000, 3000);
        assertTrue(p1 > 1000 * off, "tone stands above an empty bin");
        assertTrue(p4 > 0.8 * p1 && p4 < 1.25 * p1, "equal level: " + p1 + " vs " + p4);
    }

    @Test
    void tonesAboveNyquistAreLeftOutNotAliased() {
        short[] x = SignalSource.parse("tones:1000,4700", 60).render("0123456789", 8000);
        // 4700 Hz at 8 kHz would alias to 3300 Hz.
        assertTrue(power(x, 8000, 3300) < power(x, 8000, 1000) / 1000);
    }

    @Test
    void sweepCoversItsRange() {
        short[] x = SignalSource.parse("sweep:100-7000", 60).render("0123456789", 16000);
        short[] firstHalf = java.util.Arrays.copyOfRange(x, 0, x.length / 2);
        short[] secondHalf = java.util.Arrays.copyOfRange(x, x.length / 2, x.length);
        assertTrue(power(firstHalf, 16000, 2000) > power(secondHalf, 16000, 2000));
        assertTrue(power(secondHalf, 16000, 6000) > power(firstHalf, 16000, 6000));
    }

    @Test
    void badSignalSpecsAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> SignalSource.parse("noise", 60));
        assertThrows(IllegalArgumentException.class, () -> SignalSource.parse("sweep:500-100", 60));
        assertThrows(IllegalArgumentException.class, () -> SignalSource.parse("tones:abc", 60));
    }

    @Test
    void resamplerKeepsPassbandAndRejectsWhatWouldAlias() {
        short[] in = SignalSource.parse("tones:1000,6000", 60).render("0123456789", 16000);
        short[] out = Resampler.resample(in, 16000, 8000);
        assertEquals(in.length / 2, out.length);
        double keep = power(out, 8000, 1000);
        double alias = power(out, 8000, 2000); // 6000 Hz folds to 2000 Hz at 8 kHz
        assertTrue(alias < keep / 1000, "alias " + alias + " vs " + keep);
    }

    @Test
    void outputFormatsParseTheVendorsNames() {
        OutputFormat f = OutputFormat.parse("mp3_44100_128").orElseThrow();
        assertEquals(OutputFormat.Codec.MP3, f.codec());
        assertEquals(44100, f.sampleRate());
        assertEquals(128, f.bitrateKbps());
        assertEquals(OutputFormat.Codec.ULAW, OutputFormat.parse("ulaw_8000").orElseThrow().codec());
        assertTrue(OutputFormat.parse("pcm_11025").isEmpty());
        assertTrue(OutputFormat.parse("mp3_44100_100").isEmpty());
    }

    @Test
    void alignmentSlicesAreChunkRelative() {
        Alignment a = Alignment.proportional("abcd", 400);
        Alignment s = a.slice(200, 400, -200);
        assertEquals(java.util.List.of("c", "d"), s.chars());
        assertEquals(0, s.startMs()[0], 1e-9);
        assertEquals(100, s.startMs()[1], 1e-9);
    }
}
