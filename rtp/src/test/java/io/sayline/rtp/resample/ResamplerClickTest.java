package io.sayline.rtp.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerClickTest {
    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {16000, 22050, 24000, 32000, 44100, 48000})
    void chunkJoinsLeaveNoClickInA300HzTone(int inRate) {
        short[] in = ToneMeter.sine(300, inRate, inRate / 2, 20000);
        // Chunks of 20 ms ± a prime, so joins fall on every phase of the tone and of the polyphase filter.
        short[] out = ResamplerStreamingTest.resample(new Resampler(inRate, 8000), in,
                new int[] {inRate / 50 + 7, inRate / 50 - 13, 1, 2, 3});
        // skip the onset: the tone starts abruptly at full amplitude
        short[] steady = java.util.Arrays.copyOfRange(out, 100, out.length - 100);
        assertEquals(-1, ClickDetector.firstClick(steady, 300, 8000, 20));
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {16000, 48000})
    void detectorFindsAOneSampleGap(int inRate) {
        short[] out = ResamplerStreamingTest.resample(new Resampler(inRate, 8000),
                ToneMeter.sine(300, inRate, inRate / 2, 20000), new int[] {4096});
        short[] gapped = new short[out.length - 1];
        System.arraycopy(out, 0, gapped, 0, 2000);
        System.arraycopy(out, 2001, gapped, 2000, out.length - 2001);
        gapped[1999] = 0;
        int click = ClickDetector.firstClick(java.util.Arrays.copyOfRange(gapped, 100, gapped.length - 100), 300, 8000, 20);
        assertTrue(click >= 1890 && click <= 1901, "click at " + click);
    }
}
