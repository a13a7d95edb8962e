package io.sayline.tools.analyse;

import java.util.Arrays;

/**
 * The decoded samples of a stream's longest talkspurt: the longest run of consecutive G.711 speech frames
 * (consecutive sequence numbers, each above the speech level). Tone levels are measured over it, so the
 * silence between utterances and the splice between two of them do not smear the spectrum.
 *
 * <p>A run stops growing at {@link #MAX_SAMPLES} (a capture is untrusted input).
 */
final class LongestTalkspurt {
    /** Two minutes at 8 kHz. */
    static final int MAX_SAMPLES = 120 * 8000;

    private short[] current = new short[8000];
    private int currentLength;
    private short[] longest = new short[0];

    /** Appends a speech frame that continues the current run (the caller decides what continues). */
    void append(short[] frame, int n) {
        int take = Math.min(n, MAX_SAMPLES - currentLength);
        if (currentLength + take > current.length) {
            current = Arrays.copyOf(current, Math.min(MAX_SAMPLES, Math.max(current.length * 2, currentLength + take)));
        }
        System.arraycopy(frame, 0, current, currentLength, take);
        currentLength += take;
    }

    /** Ends the current run (a silent frame, a gap, another payload type). */
    void end() {
        if (currentLength > longest.length) {
            longest = Arrays.copyOf(current, currentLength);
        }
        currentLength = 0;
    }

    /** The longest run so far, the current one included. */
    short[] samples() {
        end();
        return longest;
    }
}
