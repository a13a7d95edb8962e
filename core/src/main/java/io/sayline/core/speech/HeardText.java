package io.sayline.core.speech;

import io.sayline.core.tts.AlignedText;
import io.sayline.core.tts.Alignment;

/**
 * What the caller heard of an utterance cut off after {@code playedMs}: from the vendor's character
 * alignment when there is one (exact to the word), otherwise estimated from the share of the audio that
 * was played and flagged so ({@code "estimated": true}).
 */
record HeardText(String text, boolean estimated) {

    static HeardText of(SpokenUtterance utterance) {
        long playedMs = utterance.playedMs();
        if (playedMs == 0) {
            return new HeardText("", utterance.alignments.isEmpty());
        }
        if (!utterance.alignments.isEmpty()) {
            return new HeardText(fromAlignment(utterance, playedMs), false);
        }
        String text = utterance.text.toString();
        long total = Math.max(utterance.framesProduced, utterance.framesPlayed);
        int chars = total == 0 ? 0 : (int) Math.min(text.length(), text.length() * utterance.framesPlayed / total);
        return new HeardText(wholeWords(text, chars), true);
    }

    /** Characters whose sound ended before the cut, without a trailing partly heard word. */
    private static String fromAlignment(SpokenUtterance utterance, long playedMs) {
        StringBuilder heard = new StringBuilder();
        for (Alignment alignment : utterance.alignments) {
            for (int i = 0; i < alignment.chars().size(); i++) {
                if (alignment.startMs()[i] + alignment.durationMs()[i] <= playedMs) {
                    heard.append(alignment.chars().get(i));
                }
            }
        }
        // Positions are taken in the whole text the bot sent, so a vendor that stopped mid-word (its
        // alignment ending inside the word) still yields whole words.
        String text = utterance.text.toString();
        return wholeWords(text, AlignedText.endOf(text, heard));
    }

    /** The first {@code chars} characters of {@code text}, cut back to the end of the last whole word. */
    static String wholeWords(String text, int chars) {
        return text.substring(0, AlignedText.wordStart(text, chars)).strip();
    }
}
