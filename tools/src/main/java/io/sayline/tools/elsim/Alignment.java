package io.sayline.tools.elsim;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-character timing of one piece of synthesized text, in milliseconds from the start of its audio.
 * The simulator spreads the characters evenly over the audio: good enough for clients that map
 * playback position to text (barge-in truncation), which is all Sayline uses alignment for.
 */
record Alignment(List<String> chars, double[] startMs, double[] endMs) {

    static final Alignment EMPTY = new Alignment(List.of(), new double[0], new double[0]);

    static Alignment proportional(String text, double durationMs) {
        int[] codePoints = text.codePoints().toArray();
        int n = codePoints.length;
        List<String> chars = new ArrayList<>(n);
        double[] start = new double[n];
        double[] end = new double[n];
        double per = n == 0 ? 0 : durationMs / n;
        for (int i = 0; i < n; i++) {
            chars.add(new String(Character.toChars(codePoints[i])));
            start[i] = i * per;
            end[i] = (i + 1) * per;
        }
        return new Alignment(List.copyOf(chars), start, end);
    }

    int size() {
        return chars.size();
    }

    /**
     * The characters whose start falls in [fromMs, toMs), times shifted by {@code shiftMs}
     * ({@code -fromMs} for chunk-relative times, 0 for absolute ones).
     */
    Alignment slice(double fromMs, double toMs, double shiftMs) {
        List<String> c = new ArrayList<>();
        List<double[]> t = new ArrayList<>();
        for (int i = 0; i < chars.size(); i++) {
            if (startMs[i] >= fromMs && startMs[i] < toMs) {
                c.add(chars.get(i));
                t.add(new double[] {startMs[i] + shiftMs, endMs[i] + shiftMs});
            }
        }
        double[] s = new double[c.size()];
        double[] e = new double[c.size()];
        for (int i = 0; i < c.size(); i++) {
            s[i] = t.get(i)[0];
            e[i] = t.get(i)[1];
        }
        return new Alignment(List.copyOf(c), s, e);
    }
}
