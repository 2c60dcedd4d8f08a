package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Array;
import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Map;
import io.promptstudio.crdt.Text;
import io.promptstudio.crdt.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CRDT example of docs/crdt.md gives what the page says. */
class DocumentationTest {

    @Test
    void theApiExample() throws Exception {
        String page = Files.readString(Path.of(System.getProperty("promptstudio.root", ".")).resolve("docs/crdt.md"));
        List<byte[]> sent = new ArrayList<>();
        try (Doc a = new Doc(1, true); Doc b = new Doc(2, true)) {
            a.onUpdate(sent::add);
            a.text("prompt").insert(0, "hello");
            a.text("prompt").format(0, 4, "{\"bold\":true}");
            a.map("meta").setJson("title", "\"P1\"");
            b.applyUpdate(a.encodeStateAsUpdate(b.stateVector()));
            assertEquals("hello", b.text("prompt").toString());
            String delta = b.text("prompt").deltaJson();
            assertEquals("[{\"insert\":\"hell\",\"attributes\":{\"bold\":true}},{\"insert\":\"o\"}]", delta);
            assertTrue(page.contains("// " + delta), "the page shows the delta");
            assertTrue(page.contains("b.text(\"prompt\").toString();                                   // \"hello\""));
        }
        assertEquals(3, sent.size(), "one update a change");
        try (Doc c = new Doc(3, true)) {
            c.applyUpdate(Updates.merge(sent.toArray(byte[][]::new)));
            assertEquals("hello", c.text("prompt").toString());
        }
    }

    @Test
    void theNestedTypesExample() throws Exception {
        String page = Files.readString(Path.of(System.getProperty("promptstudio.root", ".")).resolve("docs/crdt.md"));
        List<String> log = new ArrayList<>();
        String json;
        try (Doc doc = new Doc(1, true)) {
            Map project = doc.map("project");
            Text notes = project.setText("notes");
            notes.insert(0, "draft");
            Array prompts = project.setArray("prompts");
            Map first = prompts.insertMap(0);
            first.setJson("name", "\"summarize\"");
            first.setText("template").insert(0, "Summarize {{text}}");
            notes.insertEmbed(5, "{\"image\":\"diagram.png\"}");
            project.observeDeep((events, origin) -> log.add(events));
            prompts.map(0).orElseThrow().text("template").orElseThrow().insert(0, "> ");
            json = project.toJson();
        }
        assertEquals(1, log.size());
        assertEquals(YjsPeer.parse(shownAfter(page, "// log gets ")), YjsPeer.parse(log.get(0)));
        assertEquals(YjsPeer.parse(shownAfter(page, "project.toJson();   // ")), YjsPeer.parse(json), "the page shows the map's JSON");
    }

    /** The rest of the page's line after {@code marker}. */
    private static String shownAfter(String page, String marker) {
        int at = page.indexOf(marker);
        assertTrue(at >= 0, "the page shows " + marker);
        int start = at + marker.length();
        return page.substring(start, page.indexOf('\n', start)).trim();
    }
}
