package io.sayline.core.control.protocol;

import java.util.Locale;

/** What may cut an utterance short while it plays ({@code say.interruptible}). */
public enum Interruptible {
    /** DTMF or caller speech (barge-in). The default. */
    ANY,
    /** Only a DTMF key press. */
    DTMF,
    /** Only caller speech. */
    SPEECH,
    /** Nothing but a {@code clear} from the bot. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value named {@code wire}, or null when the name is unknown (the decoder reports that). */
    public static Interruptible ofWire(String wire) {
        for (Interruptible value : values()) {
            if (value.wireName().equals(wire)) {
                return value;
            }
        }
        return null;
    }
}
