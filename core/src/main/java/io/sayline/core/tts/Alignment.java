package io.sayline.core.tts;

import java.util.List;

/**
 * Which characters are spoken when, relative to the start of the utterance's audio.
 *
 * @param chars      the characters, one string each (ElevenLabs sends them so)
 * @param startMs    start time of each character, milliseconds from the utterance's first audio sample
 * @param durationMs duration of each character in milliseconds
 */
public record Alignment(List<String> chars, int[] startMs, int[] durationMs) {
    public Alignment {
        chars = List.copyOf(chars);
        if (startMs.length != chars.size() || durationMs.length != chars.size()) {
            throw new IllegalArgumentException("alignment arrays must have the same length as chars, were "
                    + chars.size() + "/" + startMs.length + "/" + durationMs.length);
        }
    }
}
