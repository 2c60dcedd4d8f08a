package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.UndoManager;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transactions with an origin, and undo that takes back only one's own edits — what co-editing needs. */
class TransactionUndoTest {

    @Test
    void severalChangesAreOneTransactionAndOneUpdateThatYjsApplies() throws Exception {
        try (Doc doc = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            List<byte[]> updates = new ArrayList<>();
            doc.onUpdate(updates::add);
            byte[] update = doc.transact("local", txn -> txn.insert("t", 0, "hello \"world\"\n")
                    .format("t", 0, 5, "{\"bold\":true}").delete("t", 5, 1).setJson("m", "title", "\"P1\"").insertJson("a", 0, "[1,2]"));
            assertEquals(1, updates.size(), "one update for the transaction");
            yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(update)));
            var state = yjs.call(yjs.command("state"));
            assertEquals("hello\"world\"\n", state.get("text").asText());
            assertEquals(YjsPeer.parse(doc.text("t").deltaJson()), state.get("delta"));
            assertEquals("P1", state.get("map").get("title").asText());
            assertEquals(YjsPeer.parse("[1,2]"), state.get("array"));
        }
    }

    @Test
    void aBadChangeFailsTheWholeTransactionAndChangesNothing() {
        try (Doc doc = new Doc(1, true)) {
            doc.text("t").insert(0, "abc");
            assertThrows(IndexOutOfBoundsException.class, () -> doc.transact("local", txn -> txn.insert("t", 0, "x").delete("t", 2, 9)));
            assertEquals("abc", doc.text("t").toString());
        }
    }

    @Test
    void undoTakesBackOnlyTheLocalOriginsEditsAndRedoRestoresThem() throws Exception {
        try (Doc local = new Doc(1, true); Doc remote = new Doc(2, true); YjsPeer yjs = new YjsPeer(3);
                UndoManager undo = local.undoManager("local", 0, "t")) {
            List<byte[]> sent = new ArrayList<>();
            local.onUpdate(sent::add);
            local.transact("local", txn -> txn.insert("t", 0, "mine "));
            byte[] theirs = remote.text("t").insert(0, "theirs ");
            local.applyUpdate(theirs);
            local.transact("local", txn -> txn.insert("t", local.text("t").toString().length(), "again"));
            String before = local.text("t").toString();
            assertTrue(before.contains("mine") && before.contains("theirs") && before.endsWith("again"), before);

            byte[] first = undo.undo().orElseThrow();
            assertEquals(before.replace("again", ""), local.text("t").toString());
            undo.undo().orElseThrow();
            assertEquals("theirs ", local.text("t").toString(), "the remote peer's text stays");
            assertTrue(undo.undo().isEmpty(), "nothing more of ours to undo");

            undo.redo().orElseThrow();
            assertTrue(local.text("t").toString().contains("mine"));

            // the steps travel as updates: a Yjs peer that gets everything sees the same text
            for (byte[] update : sent) {
                yjs.call(yjs.command("apply").put("update", HexFormat.of().formatHex(update)));
            }
            assertEquals(local.text("t").toString(), yjs.call(yjs.command("state")).get("text").asText());
            assertTrue(first.length > 0);
        }
    }

    @Test
    void aClosedUndoManagerSaysSo() {
        try (Doc doc = new Doc(1, true)) {
            UndoManager undo = doc.undoManager("local", 0, "t");
            undo.close();
            assertThrows(IllegalStateException.class, undo::undo);
        }
    }
}
