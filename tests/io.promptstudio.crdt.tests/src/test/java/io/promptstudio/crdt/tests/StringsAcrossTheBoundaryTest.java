package io.promptstudio.crdt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Text;
import org.junit.jupiter.api.Test;

/** Java strings reach the CRDT as their UTF-16 units; what UTF-8 cannot hold becomes U+FFFD, keeping offsets. */
class StringsAcrossTheBoundaryTest {

    @Test
    void surrogatePairsNulAndLoneSurrogatesKeepTheirLengthInUtf16Units() {
        try (Doc doc = new Doc(1, true)) {
            Text text = doc.text("t");
            text.insert(0, "a😀b\0c");
            assertEquals("a😀b\0c", text.toString(), "a pair and a NUL arrive as they are");
            text.insert(1, "\uD800");
            assertEquals("a\uFFFD😀b\0c", text.toString(), "a lone surrogate becomes the replacement character");
            text.insert(text.toString().length(), "é");
            assertEquals(8, text.toString().length(), "offsets still count what Java counts");
            doc.map("m").setJson("ключ", "\"значение\"");
            assertEquals("{\"ключ\":\"значение\"}", doc.map("m").toJson());
        }
    }
}
