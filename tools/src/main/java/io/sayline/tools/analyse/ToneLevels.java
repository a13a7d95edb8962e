package io.sayline.tools.analyse;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tone levels of one stream: dBFS at each asked frequency over its longest talkspurt, without
 * {@code edge} samples at either end (the vendor's fade-in and fade-out, and any frame only partly
 * inside the utterance).
 *
 * @param measuredSeconds audio measured (0 when the talkspurt is too short: {@code levels} is then empty)
 * @param levels          frequency in Hz → dBFS, in the order asked
 */
record ToneLevels(double measuredSeconds, Map<Double, Double> levels) {
    /** Less than this much audio after the edges are cut says nothing about a 1-Hz-wide line. */
    static final double MIN_SECONDS = 0.2;

    static ToneLevels of(short[] talkspurt, Collection<Double> frequencies, int edgeSamples, int sampleRate) {
        int from = edgeSamples;
        int to = talkspurt.length - edgeSamples;
        if (to - from < MIN_SECONDS * sampleRate) {
            return new ToneLevels(0, Map.of());
        }
        Map<Double, Double> levels = new LinkedHashMap<>();
        for (double hz : frequencies) {
            levels.put(hz, ToneLevel.dbfs(talkspurt, from, to, hz, sampleRate));
        }
        return new ToneLevels((to - from) / (double) sampleRate, levels);
    }

    /** Highest minus lowest level among {@code frequencies}; NaN when not measured. */
    double spreadDb(Collection<Double> frequencies) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double hz : frequencies) {
            Double level = levels.get(hz);
            if (level == null) {
                return Double.NaN;
            }
            max = Math.max(max, level);
            min = Math.min(min, level);
        }
        return max - min;
    }
}
