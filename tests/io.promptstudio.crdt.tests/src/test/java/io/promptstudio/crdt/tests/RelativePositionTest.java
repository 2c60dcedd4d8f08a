package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptstudio.crdt.Doc;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Relative positions (for carets and comment anchors) are Yjs's bytes, and follow the text on both sides. */
class RelativePositionTest {

    @Test
    void aPositionIsYjssBytesAndFollowsItsCharacterThroughEditsOnEitherSide() throws Exception {
        try (Doc java = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            byte[] typed = java.text("t").insert(0, "hello world");
            yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(typed)));

            byte[] ours = java.text("t").relativePosition(6, false);
            String theirs = yjs.call(yjs.command("relative").put("index", 6).put("before", false)).get("position").asText();
            assertEquals(theirs, HexFormat.of().formatHex(ours), "the same bytes as Yjs's encodeRelativePosition");
            assertEquals(HexFormat.of().formatHex(java.text("t").relativePosition(6, true)),
                    yjs.call(yjs.command("relative").put("index", 6).put("before", true)).get("position").asText());

            byte[] edit = java.text("t").insert(0, ">> ");
            assertEquals(OptionalInt.of(9), java.resolve(ours), "moved with the text before it");
            yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(edit)));
            assertEquals(9, yjs.call(yjs.command("resolve").put("position", HexFormat.of().formatHex(ours))).get("index").asInt(),
                    "Yjs resolves our position to the same place");

            var remote = yjs.update(yjs.call(yjs.command("insert").put("index", 3).put("text", "well, ")));
            java.applyUpdate(remote);
            assertEquals(">> well, hello world", java.text("t").toString());
            assertEquals(OptionalInt.of(15), java.resolve(ours), "and with a remote insert before it");
        }
    }

    @Test
    void aPositionFromAnotherDocumentOrNotAPositionAtAll() {
        try (Doc a = new Doc(1, true); Doc b = new Doc(2, true)) {
            a.text("t").insert(0, "abc");
            byte[] position = a.text("t").relativePosition(1, false);
            assertEquals(OptionalInt.empty(), b.resolve(position), "b has not received the text it points into");
            assertThrows(IllegalArgumentException.class, () -> b.resolve(new byte[] {(byte) 0xff}));
            assertThrows(IndexOutOfBoundsException.class, () -> a.text("t").relativePosition(4, false));
        }
    }
}
