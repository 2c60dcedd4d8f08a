package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edit sequence of the Yjs reference probe ({@code ../shared/reference/yjs/interop.mjs}) replayed through our
 * JNI bindings: every update, state vector, merge, conversion and snapshot must be the bytes real Yjs 13.6 wrote.
 */
class YjsVectorsTest {

    private static final Pattern LABELLED = Pattern.compile("^(.*?)\\s+len=\\s*(\\d+)\\s+([0-9a-f]+)$");
    private static final Map<String, String> VECTORS = new LinkedHashMap<>();

    @BeforeAll
    static void readVectors() throws Exception {
        Path folder = Path.of(System.getProperty("promptstudio.root", ".")).resolve("../shared/reference/yjs").normalize();
        for (String line : Files.readAllLines(folder.resolve("interop-output.txt"))) {
            Matcher matched = LABELLED.matcher(line);
            if (matched.matches()) {
                VECTORS.put(matched.group(1).strip(), matched.group(3));
            }
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] bytes(String label) {
        return HexFormat.of().parseHex(VECTORS.get(label));
    }

    @Test
    void theReferenceEditSequenceProducesYjssBytes() {
        try (Doc a = new Doc(1, true); Doc b = new Doc(2, true)) {
            List<byte[]> updates = new ArrayList<>();
            a.onUpdate(updates::add);
            a.text("prompt").insert(0, "hello");
            a.text("prompt").insert(5, " world");
            a.text("prompt").delete(0, 1);
            a.text("prompt").format(0, 4, "{\"bold\":true}");
            a.map("meta").setJson("title", "\"P1\"");

            assertEquals(VECTORS.get("A state vector (v1)"), hex(a.stateVector()));
            assertEquals(VECTORS.get("B state vector (v1, empty)"), hex(b.stateVector()));
            for (int i = 0; i < updates.size(); i++) {
                assertEquals(VECTORS.get("A incremental update #" + (i + 1) + " (v1)"), hex(updates.get(i)), "update #" + (i + 1));
            }
            byte[] diffV1 = a.encodeStateAsUpdate(b.stateVector());
            assertEquals(VECTORS.get("A full update vs B sv (v1)"), hex(diffV1));
            assertEquals(VECTORS.get("A full update vs B sv (v2)"), hex(a.encodeStateAsUpdateV2(b.stateVector())));
            b.applyUpdate(diffV1);

            b.text("prompt").insert(0, "H");
            byte[] bDiff = b.encodeStateAsUpdate(a.stateVector());
            assertEquals(VECTORS.get("B diff vs A sv (v1)"), hex(bDiff));
            a.applyUpdate(bDiff);

            assertEquals("Hello world", a.text("prompt").toString());
            assertEquals("[{\"insert\":\"H\"},{\"insert\":\"ello\",\"attributes\":{\"bold\":true}},{\"insert\":\" world\"}]",
                    a.text("prompt").deltaJson());
            assertEquals("Hello world", b.text("prompt").toString());
            assertEquals("{\"title\":\"P1\"}", b.map("meta").toJson());
            assertEquals(VECTORS.get("A state vector after sync"), hex(a.stateVector()));
            assertEquals(VECTORS.get("B state vector after sync"), hex(b.stateVector()));
            assertEquals(hex(a.encodeStateAsUpdate()), hex(b.encodeStateAsUpdate()), "full-state updates byte-identical");

            assertEquals(VECTORS.get("merged A incremental updates (v1)"), hex(Updates.merge(updates.toArray(byte[][]::new))));
            assertEquals(VECTORS.get("sv from update (encodeStateVectorFromUpdate)"), hex(Updates.stateVector(diffV1)));
            assertEquals(VECTORS.get("convertUpdateFormatV1ToV2"), hex(Updates.v1ToV2(diffV1)));
            assertEquals(VECTORS.get("snapshot (encodeSnapshot v1)"), hex(a.snapshot()));
        }
    }

    @Test
    void aFiftyThreeBitClientIdWritesWhatYjsWrites() {
        try (Doc doc = new Doc((1L << 53) - 1, true)) {
            assertEquals(VECTORS.get("update from clientID 2^53-1"), hex(doc.text("prompt").insert(0, "x")));
        }
        try (Doc reader = new Doc(5, true)) {
            reader.applyUpdate(bytes("update from clientID 2^53-1"));
            assertEquals("x", reader.text("prompt").toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new Doc(1L << 53, true));
    }

    @Test
    void textOffsetsCountUtf16UnitsAsYjsAndJavaDo() {
        try (Doc doc = new Doc(9, true)) {
            doc.text("t").insert(0, "a😀b");
            doc.text("t").insert(3, "|");
            assertEquals("a😀|b", doc.text("t").toString(), "the emoji is two UTF-16 units");
            doc.text("t").delete(1, 2);
            assertEquals("a|b", doc.text("t").toString());
        }
    }

    @Test
    void badInputAndClosedDocumentsAreJavaExceptionsNeverACrash() {
        Doc doc = new Doc(3, true);
        assertThrows(IndexOutOfBoundsException.class, () -> doc.text("t").insert(5, "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> doc.text("t").delete(0, 1));
        IllegalArgumentException notAnUpdate = assertThrows(IllegalArgumentException.class, () -> doc.applyUpdate(new byte[] {1, 2, 3}));
        assertTrue(notAnUpdate.getMessage().contains("update"), notAnUpdate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> doc.text("t").format(0, 0, "not json"));
        assertThrows(IllegalArgumentException.class, () -> Updates.merge(new byte[] {(byte) 0xff}));
        assertEquals("", doc.text("t").toString(), "nothing half-applied");
        doc.close();
        doc.close();
        assertTrue(doc.isClosed());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> doc.text("t").toString());
        assertTrue(closed.getMessage().contains("closed"));
    }
}
