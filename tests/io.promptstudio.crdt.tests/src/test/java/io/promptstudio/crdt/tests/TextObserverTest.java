package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.promptstudio.crdt.Doc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text observers get each change as the delta Yjs's own text events carry, with the transaction's origin. */
class TextObserverTest {

    private record Seen(String delta, String origin) {
    }

    @Test
    void remoteChangesArriveAsTheDeltaYjsSawForThem() throws Exception {
        try (Doc java = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            List<Seen> seen = new ArrayList<>();
            java.observeText("t", (delta, origin) -> seen.add(new Seen(delta, origin)));
            List<com.fasterxml.jackson.databind.node.ObjectNode> edits = new ArrayList<>();
            edits.add(yjs.command("insert").put("index", 0).put("text", "hello world"));
            var bold = yjs.command("format").put("index", 0).put("length", 5);
            bold.putObject("attributes").put("bold", true);
            edits.add(bold);
            edits.add(yjs.command("delete").put("index", 5).put("length", 1));
            edits.add(yjs.command("insert").put("index", 5).put("text", "😀"));
            for (var edit : edits) {
                var answer = yjs.call(edit);
                seen.clear();
                java.applyUpdate(yjs.update(answer));
                assertEquals(1, seen.size(), "one event for " + edit);
                assertEquals(answer.get("delta"), YjsPeer.parse(seen.get(0).delta()), "the delta of " + edit);
                assertNull(seen.get(0).origin(), "a remote change has no origin here");
            }
            assertEquals(yjs.call(yjs.command("state")).get("text").asText(), java.text("t").toString());

            seen.clear();
            java.transact("me", txn -> txn.insert("t", 0, ">"));
            assertEquals(List.of(new Seen("[{\"insert\":\">\"}]", "me")), seen);
        }
    }
}
