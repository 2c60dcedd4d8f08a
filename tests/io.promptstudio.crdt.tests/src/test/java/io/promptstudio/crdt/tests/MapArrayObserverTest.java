package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstudio.crdt.Doc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Map and array observers report each change as Yjs's own map and array events show it. */
class MapArrayObserverTest {

    private record Seen(String change, String origin) {
    }

    @Test
    void remoteMapChangesArriveAsTheKeysYjsSawChange() throws Exception {
        try (Doc java = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            List<Seen> seen = new ArrayList<>();
            java.observeMap("m", (change, origin) -> seen.add(new Seen(change, origin)));
            List<ObjectNode> edits = new ArrayList<>();
            edits.add(yjs.command("set").put("key", "model").put("value", "gpt-4o"));
            edits.add(yjs.command("set").put("key", "model").put("value", "claude"));
            var nested = yjs.command("set").put("key", "limits");
            nested.putObject("value").put("tokens", 800).putArray("stop").add("###");
            edits.add(nested);
            edits.add(yjs.command("unset").put("key", "model"));
            for (ObjectNode edit : edits) {
                var answer = yjs.call(edit);
                seen.clear();
                java.applyUpdate(yjs.update(answer));
                assertEquals(1, seen.size(), "one event for " + edit);
                assertEquals(answer.get("keys"), YjsPeer.parse(seen.get(0).change()), "the keys of " + edit);
                assertNull(seen.get(0).origin());
            }
            assertEquals(yjs.call(yjs.command("state")).get("map"), YjsPeer.parse(java.map("m").toJson()));

            seen.clear();
            java.transact("me", txn -> txn.setJson("m", "owner", "\"ann\""));
            assertEquals(List.of(new Seen("{\"owner\":{\"action\":\"add\"}}", "me")), seen);
        }
    }

    @Test
    void remoteArrayChangesArriveAsTheDeltaYjsSaw() throws Exception {
        try (Doc java = new Doc(1, true); YjsPeer yjs = new YjsPeer(2)) {
            List<Seen> seen = new ArrayList<>();
            java.observeArray("a", (change, origin) -> seen.add(new Seen(change, origin)));
            List<ObjectNode> edits = new ArrayList<>();
            var first = yjs.command("push").put("index", 0);
            first.putArray("values").add(1).add("two").add(true);
            edits.add(first);
            var middle = yjs.command("push").put("index", 1);
            middle.putArray("values").addObject().put("k", "v");
            edits.add(middle);
            edits.add(yjs.command("remove").put("index", 2).put("length", 2));
            for (ObjectNode edit : edits) {
                var answer = yjs.call(edit);
                seen.clear();
                java.applyUpdate(yjs.update(answer));
                assertEquals(1, seen.size(), "one event for " + edit);
                assertEquals(answer.get("arrayDelta"), YjsPeer.parse(seen.get(0).change()), "the delta of " + edit);
            }
            assertEquals(yjs.call(yjs.command("state")).get("array"), YjsPeer.parse(java.array("a").toJson()));
        }
    }
}
