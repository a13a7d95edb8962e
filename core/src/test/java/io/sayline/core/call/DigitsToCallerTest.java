package io.sayline.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.ProtocolErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hold-back before media; sending once media runs is covered end to end by DtmfEndToEndTest. */
class DigitsToCallerTest {
    private final List<Event> toBot = new ArrayList<>();
    private final DigitsToCaller digits = new DigitsToCaller(null, toBot::add);

    @Test
    void digitsBeyondTheBoundBeforeMediaAreRefusedAndThoseHeldAreKept() {
        digits.send("1".repeat(DigitsToCaller.MAX_HELD - 1));
        digits.send("2");
        assertEquals(List.of(), toBot, "up to the bound is held quietly");

        digits.send("3");
        assertEquals(List.of(Event.Error.of(ProtocolErrorCode.INVALID_VALUE, "more than " + DigitsToCaller.MAX_HELD
                + " digits before the caller's media started: digits not sent", Command.Dtmf.TYPE)), toBot);
    }
}
