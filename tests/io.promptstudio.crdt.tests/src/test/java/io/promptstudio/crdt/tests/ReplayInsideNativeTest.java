package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
import org.junit.jupiter.api.Test;

/** The benchmark's replay inside the native library makes the document the same edits through Text make. */
class ReplayInsideNativeTest {

    @Test
    void theReplayEditsAsTheJavaApiDoes() {
        int[] positions = {0, 5, 5, 0};
        int[] deleted = {0, 0, 1, 2};
        String[] inserted = {"hello", " world", "", "J"};
        try (Doc replayed = new Doc(1, true); Doc edited = new Doc(1, true)) {
            long nanos = replayed.replayInsideNative("t", positions, deleted, inserted, true);
            assertTrue(nanos > 0);
            for (int i = 0; i < positions.length; i++) {
                if (deleted[i] > 0) {
                    edited.text("t").delete(positions[i], deleted[i]);
                }
                if (!inserted[i].isEmpty()) {
                    edited.text("t").insert(positions[i], inserted[i]);
                }
            }
            assertEquals("Jllo", replayed.text("t").toString().substring(0, 4));
            assertEquals(edited.text("t").toString(), replayed.text("t").toString());
            assertArrayEquals(edited.encodeStateAsUpdate(), replayed.encodeStateAsUpdate(), "the same updates, byte for byte");
            assertThrows(IllegalArgumentException.class, () -> replayed.replayInsideNative("t", new int[1], new int[2], new String[1], false));
        }
    }
}
