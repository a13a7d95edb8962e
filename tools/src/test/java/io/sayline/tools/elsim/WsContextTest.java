package io.sayline.tools.elsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WsContextTest {

    @Test
    void scheduleThresholdsAdvancePerGenerationAndTheLastRepeats() {
        WsContext c = new WsContext("", null, new int[] {120, 160}, false);
        assertEquals(120, c.nextThreshold());
        c.append("x".repeat(119));
        assertFalse(c.due(false));
        c.append("x");
        assertTrue(c.due(false));
        c.take();
        assertEquals(160, c.nextThreshold());
        c.append("y".repeat(160));
        c.take();
        assertEquals(160, c.nextThreshold());
    }

    @Test
    void keepaliveSpacesDoNotFillTheBuffer() {
        WsContext c = new WsContext("", null, WsContext.DEFAULT_SCHEDULE, false);
        c.append(" ");
        c.append(" ");
        assertEquals(0, c.buffered());
        c.append("Hello");
        c.append(" ");
        c.append(" ");
        assertEquals(6, c.buffered());
        assertNull(new WsContext("", null, WsContext.DEFAULT_SCHEDULE, false).take());
    }

    @Test
    void tryTriggerGeneratesFromFiftyCharacters() {
        WsContext c = new WsContext("", null, WsContext.DEFAULT_SCHEDULE, false);
        c.append("z".repeat(49));
        assertFalse(c.due(true));
        c.append("z");
        assertTrue(c.due(true));
        assertFalse(c.due(false));
    }

    @Test
    void autoModeIsDueAsSoonAsThereIsText() {
        WsContext c = new WsContext("", null, WsContext.DEFAULT_SCHEDULE, true);
        assertFalse(c.due(false));
        c.append("Hi. ");
        assertTrue(c.due(false));
    }
}
