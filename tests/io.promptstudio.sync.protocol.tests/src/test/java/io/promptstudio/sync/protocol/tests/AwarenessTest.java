package io.promptstudio.sync.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.sync.protocol.Awareness;
import io.promptstudio.sync.protocol.AwarenessUpdate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Presence as y-protocols keeps it: newer clocks win, null removes, silence for 30 s removes. */
class AwarenessTest {

    private static AwarenessUpdate update(long client, long clock, String state) {
        return new AwarenessUpdate(List.of(new AwarenessUpdate.Entry(client, clock, state)));
    }

    @Test
    void newerClocksWinAndOlderOrEqualOnesAreIgnored() {
        Awareness awareness = new Awareness();
        assertEquals(List.of(7L), awareness.apply(update(7, 1, "{\"cursor\":1}"), 0).added());
        assertEquals(List.of(7L), awareness.apply(update(7, 2, "{\"cursor\":2}"), 10).updated());
        assertTrue(awareness.apply(update(7, 2, "{\"cursor\":9}"), 20).isEmpty(), "same clock, not a removal: ignored");
        assertTrue(awareness.apply(update(7, 1, "{\"cursor\":0}"), 30).isEmpty(), "older clock: ignored");
        assertEquals(Map.of(7L, "{\"cursor\":2}"), awareness.states());
    }

    @Test
    void aNullStateRemovesEvenAtTheSameClock() {
        Awareness awareness = new Awareness();
        awareness.apply(update(7, 3, "{}"), 0);
        assertEquals(List.of(7L), awareness.apply(update(7, 3, "null"), 5).removed());
        assertEquals(Map.of(), awareness.states());
    }

    @Test
    void clientsSilentForThirtySecondsAreRemovedWithAHigherClock() {
        Awareness awareness = new Awareness();
        awareness.apply(update(1, 1, "{\"a\":1}"), 0);
        awareness.apply(update(2, 1, "{\"b\":1}"), 20_000);
        AwarenessUpdate removal = awareness.removeOutdated(Awareness.OUTDATED_TIMEOUT_MS);
        assertEquals(List.of(new AwarenessUpdate.Entry(1, 2, "null")), removal.entries());
        assertEquals(Map.of(2L, "{\"b\":1}"), awareness.states());
        assertEquals(List.of(new AwarenessUpdate.Entry(2, 2, "null")), awareness.remove(List.of(2L), 40_000).entries(),
                "a closed connection's clients are removed at once");
        assertEquals(List.of(), awareness.encode(List.of()).entries());
    }
}
