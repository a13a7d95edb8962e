package io.sayline.rtp.resample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sine sweeps through the resampler, measured on steady-state output: the bar for the resampler in
 * docs/architecture.md, "Performance targets" (pass band ±0.1 dB to 3.4 kHz, stop band ≥ 70 dB from 4.0 kHz).
 */
class ResamplerQualityTest {
    private static final int OUT_RATE = 8000;
    private static final double AMPLITUDE = 16000;
    /** 0.3 s per tone; the first and last 50 ms of output (filter settling, flush tail) are not measured. */
    private static final double TONE_SECONDS = 0.3;
    private static final int SETTLE = 400;

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {11025, 16000, 22050, 24000, 32000, 44100, 48000})
    void passBandIsFlatWithinATenthOfADecibelTo3400Hz(int inRate) {
        double worst = 0;
        for (double hz = 50; hz <= 3400; hz += hz < 3000 ? 97 : 25) {
            double gainDb = 20 * Math.log10(throughput(inRate, Math.min(hz, 3400), Math.min(hz, 3400)) / AMPLITUDE);
            worst = Math.max(worst, Math.abs(gainDb));
        }
        assertTrue(worst <= 0.1, inRate + " Hz: pass-band deviation " + worst + " dB");
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {11025, 16000, 22050, 24000, 32000, 44100, 48000})
    void stopBandIsAtLeast70DecibelsDownFrom4000Hz(int inRate) {
        double worst = -200;
        double worstHz = 0;
        for (double hz = 4002; hz < inRate / 2.0 - 10; hz += 61) {
            double alias = hz % OUT_RATE;
            alias = alias > OUT_RATE / 2.0 ? OUT_RATE - alias : alias;
            if (alias < 20 || alias > OUT_RATE / 2.0 - 20) {
                continue; // too close to DC or Nyquist for a clean single-bin measurement
            }
            double levelDb = 20 * Math.log10(throughput(inRate, hz, alias) / AMPLITUDE);
            if (levelDb > worst) {
                worst = levelDb;
                worstHz = hz;
            }
        }
        assertTrue(worst <= -70, inRate + " Hz: stop band only " + worst + " dB at " + worstHz + " Hz");
    }

    /** Amplitude at {@code measureHz} of the 8 kHz output when a tone at {@code hz} goes in. */
    private static double throughput(int inRate, double hz, double measureHz) {
        Resampler resampler = new Resampler(inRate, OUT_RATE);
        short[] in = ToneMeter.sine(hz, inRate, (int) (TONE_SECONDS * inRate), AMPLITUDE);
        short[] out = new short[resampler.maxOutput(in.length) + resampler.maxFlushOutput()];
        int n = resampler.process(in, 0, in.length, out, 0);
        return ToneMeter.amplitude(out, SETTLE, n - SETTLE, measureHz, OUT_RATE);
    }
}
