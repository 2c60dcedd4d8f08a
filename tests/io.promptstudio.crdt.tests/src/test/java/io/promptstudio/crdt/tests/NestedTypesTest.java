package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.crdt.Array;
import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Map;
import io.promptstudio.crdt.Text;
import io.promptstudio.crdt.UndoManager;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shared types inside shared types, embeds and deep observers — against a real Yjs peer where Yjs has a say. */
class NestedTypesTest {

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void nestedTextsMapsAndArraysTravelBothWaysWithYjs() throws Exception {
        try (Doc doc = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            Map root = doc.map("m");
            Text notes = root.setText("notes");
            notes.insert(0, "hello");
            Array items = root.setArray("items");
            items.insertJson(0, "[1, \"two\"]");
            Map settings = items.insertMap(2);
            settings.setJson("temperature", "0.2");
            Text caption = settings.setText("caption");
            caption.insert(0, "cap");
            yjs.call(yjs.command("apply").put("update", hex(doc.encodeStateAsUpdate())));

            JsonNode state = yjs.call(yjs.command("state"));
            assertEquals(YjsPeer.parse("{\"notes\":\"hello\",\"items\":[1,\"two\",{\"temperature\":0.2,\"caption\":\"cap\"}]}"),
                    state.get("map"), "Yjs reads the nested types as ours wrote them");

            // Yjs edits inside the nested text and adds a nested array of its own
            byte[] edit = yjs.update(yjs.call(yjs.command("nestedInsert").put("key", "notes").put("index", 5).put("text", " world")));
            doc.applyUpdate(edit);
            byte[] added = yjs.update(yjs.call(yjs.command("setType").put("key", "tags").put("kind", "array")));
            doc.applyUpdate(added);
            doc.applyUpdate(yjs.update(yjs.call(yjs.command("nestedPush").put("key", "tags").put("index", 0)
                    .set("values", YjsPeer.parse("[\"a\",\"b\"]")))));

            assertEquals("hello world", notes.toString(), "the Text we hold sees the remote edit");
            assertEquals("hello world", root.text("notes").orElseThrow().toString());
            Array tags = root.array("tags").orElseThrow();
            assertEquals("[\"a\",\"b\"]", tags.toJson());
            tags.insertJson(2, "[\"c\"]");
            yjs.call(yjs.command("apply").put("update", hex(doc.encodeStateAsUpdate(HexFormat.of().parseHex(
                    yjs.call(yjs.command("state")).get("sv").asText())))));
            state = yjs.call(yjs.command("state"));
            assertEquals(YjsPeer.parse("[\"a\",\"b\",\"c\"]"), state.get("map").get("tags"));
            assertEquals(hex(doc.stateVector()), state.get("sv").asText(), "identical state vectors");
            assertEquals(YjsPeer.parse(root.toJson()), state.get("map"), "identical content");
            assertEquals("cap", items.map(2).orElseThrow().text("caption").orElseThrow().toString());
        }
    }

    @Test
    void aNestedTypeIsFoundByItsKindAndAWrongKindOrAGoneTypeIsToldApart() {
        try (Doc doc = new Doc(1, true)) {
            Map root = doc.map("m");
            root.setJson("title", "\"P1\"");
            root.setMap("meta");
            Text body = root.setText("body");
            assertTrue(root.text("title").isEmpty(), "a plain value is no nested type");
            assertTrue(root.text("absent").isEmpty());
            IllegalStateException wrongKind = assertThrows(IllegalStateException.class, () -> root.text("meta"));
            assertEquals("the value at key \"meta\" is a map, not a text", wrongKind.getMessage());

            root.remove("body");
            IllegalStateException gone = assertThrows(IllegalStateException.class, () -> body.insert(0, "x"));
            assertEquals("the nested text is no longer in the document (deleted)", gone.getMessage());

            Array list = doc.array("a");
            list.insertJson(0, "[1]");
            assertTrue(list.text(0).isEmpty());
            assertThrows(IndexOutOfBoundsException.class, () -> list.text(1));
            assertThrows(IndexOutOfBoundsException.class, () -> list.insertText(5));
            assertThrows(IllegalArgumentException.class, () -> doc.text("\0" + "1:0"), "no root may pose as a nested address");
            assertThrows(IllegalArgumentException.class, () -> doc.map(""));
        }
    }

    @Test
    void embedsCountOneAndShowInTheDeltaAsYjsShowsThem() throws Exception {
        try (Doc doc = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            Text text = doc.text("t");
            text.insert(0, "see ");
            text.insertEmbed(4, "{\"image\":\"diagram.png\"}");
            text.insert(5, "!");
            assertEquals("[{\"insert\":\"see \"},{\"insert\":{\"image\":\"diagram.png\"}},{\"insert\":\"!\"}]", text.deltaJson());
            yjs.call(yjs.command("apply").put("update", hex(doc.encodeStateAsUpdate())));
            assertEquals(YjsPeer.parse(text.deltaJson()), yjs.call(yjs.command("state")).get("delta"));

            byte[] fromYjs = yjs.update(yjs.call(yjs.command("embed").put("index", 0).set("value", YjsPeer.parse("{\"formula\":\"e=mc^2\"}"))));
            doc.applyUpdate(fromYjs);
            assertTrue(text.deltaJson().startsWith("[{\"insert\":{\"formula\":\"e=mc^2\"}}"), text.deltaJson());
            assertThrows(IllegalArgumentException.class, () -> text.insertEmbed(0, "{not json"));
            assertThrows(IndexOutOfBoundsException.class, () -> text.insertEmbed(99, "{}"));
        }
    }

    @Test
    void deepObserversTellWhatChangedWhereAsYjsDoes() throws Exception {
        try (Doc doc = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            Map root = doc.map("m");
            Text notes = root.setText("notes");
            Array items = root.setArray("items");
            Map first = items.insertMap(0);
            yjs.call(yjs.command("apply").put("update", hex(doc.encodeStateAsUpdate())));
            List<String> seen = new ArrayList<>();
            List<String> origins = new ArrayList<>();
            root.observeDeep((events, origin) -> {
                seen.add(events);
                origins.add(origin);
            });

            byte[] local = notes.insert(0, "hi");
            JsonNode theirs = yjs.call(yjs.command("apply").put("update", hex(local))).get("deep");
            assertEquals(1, seen.size());
            assertEquals(YjsPeer.parse("[{\"path\":[\"notes\"],\"kind\":\"text\",\"change\":[{\"insert\":\"hi\"}]}]"), YjsPeer.parse(seen.get(0)));
            assertEquals(theirs, YjsPeer.parse(seen.get(0)), "Yjs's observeDeep saw the same change at the same path");

            byte[] deeper = first.setJson("k", "1");
            theirs = yjs.call(yjs.command("apply").put("update", hex(deeper))).get("deep");
            assertEquals(YjsPeer.parse("[{\"path\":[\"items\",0],\"kind\":\"map\",\"change\":{\"k\":{\"action\":\"add\"}}}]"),
                    YjsPeer.parse(seen.get(1)));
            assertEquals(theirs, YjsPeer.parse(seen.get(1)));

            doc.applyUpdate(yjs.update(yjs.call(yjs.command("nestedInsert").put("key", "notes").put("index", 2).put("text", "!"))));
            assertEquals(YjsPeer.parse("[{\"path\":[\"notes\"],\"kind\":\"text\",\"change\":[{\"retain\":2},{\"insert\":\"!\"}]}]"),
                    YjsPeer.parse(seen.get(2)), "a remote change inside is told too");
            assertEquals(3, seen.size());

            doc.transact("me", transaction -> transaction.insert(notes.address(), 0, ">").setJson(root.address(), "title", "\"T\""));
            JsonNode both = YjsPeer.parse(seen.get(3));
            assertEquals(2, both.size(), "one call for the transaction, one entry per changed type");
            assertEquals("me", origins.get(3));
        }
    }

    @Test
    void undoWorksInsideANestedText() {
        try (Doc doc = new Doc(1, true)) {
            Text nested = doc.map("m").setText("body");
            UndoManager undo = doc.undoManager("me", 0, nested.address());
            doc.transact("me", transaction -> transaction.insert(nested.address(), 0, "draft"));
            assertEquals("draft", nested.toString());
            undo.undo();
            assertEquals("", nested.toString());
            undo.redo();
            assertEquals("draft", nested.toString());
        }
    }
}
