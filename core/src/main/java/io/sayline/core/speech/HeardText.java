package io.sayline.core.speech;

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

    /** Characters whose sound started before the cut, without a trailing partly heard word. */
    private static String fromAlignment(SpokenUtterance utterance, long playedMs) {
        StringBuilder spoken = new StringBuilder();
        StringBuilder heard = new StringBuilder();
        for (Alignment alignment : utterance.alignments) {
            for (int i = 0; i < alignment.chars().size(); i++) {
                String character = alignment.chars().get(i);
                spoken.append(character);
                if (alignment.startMs()[i] + alignment.durationMs()[i] <= playedMs) {
                    heard.append(character);
                }
            }
        }
        // When the vendor stopped mid-word its alignment ends inside that word: judge word ends against
        // the whole text the bot sent, of which the aligned text is a prefix.
        String text = utterance.text.toString();
        String basis = text.startsWith(spoken.toString()) ? text : spoken.toString();
        return wholeWords(basis, heard.length());
    }

    /** The first {@code chars} characters of {@code text}, cut back to the end of the last whole word. */
    static String wholeWords(String text, int chars) {
        if (chars >= text.length()) {
            return text.trim();
        }
        if (chars > 0 && !Character.isWhitespace(text.charAt(chars)) && !Character.isWhitespace(text.charAt(chars - 1))) {
            int space = text.lastIndexOf(' ', chars - 1);
            chars = Math.max(space, 0);
        }
        return text.substring(0, chars).trim();
    }
}
