package io.sayline.tools.elsim;

import java.util.Arrays;
import java.util.Locale;

/**
 * Test signals instead of speech so the receiving side can be checked with a spectrum:
 * {@code tones:1000,2000,4700,5300} (sum of sines at equal level) or {@code sweep:100-7000}
 * (linear sweep over each utterance). Synthesized natively at the requested rate, so nothing aliases:
 * components at or above Nyquist are left out rather than folded back.
 */
final class SignalSource implements SpeechSource {
    private static final double PEAK = 0.8 * Short.MAX_VALUE;
    private static final double FADE_MS = 5;

    private final boolean sweep;
    private final double[] frequencies;
    private final double msPerChar;

    private SignalSource(boolean sweep, double[] frequencies, double msPerChar) {
        this.sweep = sweep;
        this.frequencies = frequencies;
        this.msPerChar = msPerChar;
    }

    /** Parses {@code tones:F1,F2,...} or {@code sweep:FROM-TO}; throws IllegalArgumentException naming the problem. */
    static SignalSource parse(String spec, double msPerChar) {
        if (msPerChar <= 0) {
            throw new IllegalArgumentException("msPerChar must be > 0, was " + msPerChar);
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("tones:")) {
                double[] f = Arrays.stream(s.substring(6).split(",")).mapToDouble(Double::parseDouble).toArray();
                if (f.length == 0 || Arrays.stream(f).anyMatch(x -> x <= 0)) {
                    throw new IllegalArgumentException("tones need positive frequencies: " + spec);
                }
                return new SignalSource(false, f, msPerChar);
            }
            if (s.startsWith("sweep:")) {
                String[] range = s.substring(6).split("-");
                double from = Double.parseDouble(range[0]);
                double to = Double.parseDouble(range[1]);
                if (range.length != 2 || from <= 0 || to <= from) {
                    throw new IllegalArgumentException("sweep needs FROM-TO with 0 < FROM < TO: " + spec);
                }
                return new SignalSource(true, new double[] {from, to}, msPerChar);
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("bad signal spec '" + spec + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("signal must be tones:F1,F2,... or sweep:FROM-TO, was " + spec);
    }

    @Override
    public short[] render(String text, int sampleRate) {
        int n = (int) Math.round(text.codePointCount(0, text.length()) * msPerChar * sampleRate / 1000.0);
        short[] out = new short[n];
        double nyquist = sampleRate / 2.0;
        int fade = (int) Math.min(n / 2, FADE_MS * sampleRate / 1000);
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / sampleRate;
            double v;
            if (sweep) {
                double f = frequencies[0] + (frequencies[1] - frequencies[0]) * i / Math.max(1, n - 1);
                phase += 2 * Math.PI * f / sampleRate;
                v = f < nyquist ? Math.sin(phase) : 0;
            } else {
                v = 0;
                for (double f : frequencies) {
                    if (f < nyquist) {
                        v += Math.sin(2 * Math.PI * f * t);
                    }
                }
                v /= frequencies.length;
            }
            double gain = Math.min(1, Math.min(i, n - 1 - i) / (double) Math.max(1, fade));
            out[i] = (short) Math.round(v * PEAK * gain);
        }
        return out;
    }
}
