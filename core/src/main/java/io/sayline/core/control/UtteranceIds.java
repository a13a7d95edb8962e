package io.sayline.core.control;

import io.sayline.core.control.protocol.Command;

/**
 * Fills in {@code say.utteranceId} when the bot leaves it out: all id-less {@code say} up to and including
 * the next {@code last:true} share one generated id, then a new one starts (docs/protocol.md, {@code say},
 * field {@code utteranceId}). Generated ids carry a prefix no bot id is expected to use.
 */
final class UtteranceIds {
    static final String PREFIX = "sayline-u";

    private long next = 1; // guarded by call loop
    private String open; // guarded by call loop: the generated id of an unfinished id-less utterance

    Command.Say assign(Command.Say say) {
        if (say.utteranceId() != null) {
            return say;
        }
        if (open == null) {
            open = PREFIX + next++;
        }
        Command.Say withId = say.withUtteranceId(open);
        if (say.last()) {
            open = null;
        }
        return withId;
    }
}
