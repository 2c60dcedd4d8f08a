package io.promptstudio.sync.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.sync.protocol.Lib0Decoder;
import io.promptstudio.sync.protocol.Lib0Encoder;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.protocol.YMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The examples of docs/crdt.md do what the page says. */
class DocumentationTest {

    private static String page() throws Exception {
        return Files.readString(Path.of(System.getProperty("promptstudio.root", ".")).resolve("docs/crdt.md"));
    }

    @Test
    void theLib0Example() throws Exception {
        byte[] bytes = new Lib0Encoder().writeVarUint(300).writeVarString("hi").toByteArray();
        assertEquals("ac02026869", HexFormat.of().formatHex(bytes));
        assertTrue(page().contains("toByteArray(); // ac02 02 6869"));
        Lib0Decoder in = new Lib0Decoder(bytes);
        assertEquals(300, in.readVarUint());
        assertEquals("hi", in.readVarString());
    }

    @Test
    void theSyncStep1Example() throws Exception {
        byte[] frame = new YMessage.Sync(new SyncMessage.Step1(new byte[] {0})).encode();
        assertEquals("00000100", HexFormat.of().formatHex(frame));
        assertTrue(page().contains("encode(); // 00 00 01 00"));
        assertInstanceOf(SyncMessage.Step1.class, ((YMessage.Sync) YMessage.decode(frame)).message());
    }
}
