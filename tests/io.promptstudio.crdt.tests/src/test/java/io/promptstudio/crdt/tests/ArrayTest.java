package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptstudio.crdt.Doc;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Arrays of JSON values, edited on both sides against a real Yjs peer. */
class ArrayTest {

    @Test
    void javaAndYjsEditOneArrayAndSeeTheSameValues() throws Exception {
        try (Doc java = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            byte[] first = java.array("a").insertJson(0, "[1, \"two\", {\"three\": 3}, [4], null, true, 2.5]");
            yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(first)));
            var push = yjs.command("push").put("index", 1);
            push.putArray("values").add("from yjs");
            java.applyUpdate(yjs.update(yjs.call(push)));
            byte[] removal = java.array("a").delete(3, 1);
            yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(removal)));

            String expected = "[1,\"from yjs\",\"two\",[4],null,true,2.5]";
            assertEquals(YjsPeer.parse(expected), YjsPeer.parse(java.array("a").toJson()));
            assertEquals(YjsPeer.parse(expected), yjs.call(yjs.command("state")).get("array"));
        }
    }

    @Test
    void badValuesAndIndexesAreExceptions() {
        try (Doc doc = new Doc(3, true)) {
            assertThrows(IllegalArgumentException.class, () -> doc.array("a").insertJson(0, "{\"not\": \"an array\"}"));
            assertThrows(IndexOutOfBoundsException.class, () -> doc.array("a").insertJson(1, "[1]"));
            assertThrows(IndexOutOfBoundsException.class, () -> doc.array("a").delete(0, 1));
            assertEquals("[]", doc.array("a").toJson());
        }
    }
}
