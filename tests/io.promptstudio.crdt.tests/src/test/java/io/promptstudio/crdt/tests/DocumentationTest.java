package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
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
}
