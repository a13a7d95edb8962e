package io.sayline.core.tts;

/** Moves alignment onto a later clock: vendors time characters per chunk, listeners per utterance. */
public final class AlignmentShift {
    private AlignmentShift() {
    }

    /** {@code alignment} with every start time later by {@code offsetMs}. */
    public static Alignment shift(Alignment alignment, long offsetMs) {
        int[] start = alignment.startMs().clone();
        for (int i = 0; i < start.length; i++) {
            start[i] = Math.toIntExact(start[i] + offsetMs);
        }
        return new Alignment(alignment.chars(), start, alignment.durationMs().clone());
    }
}
