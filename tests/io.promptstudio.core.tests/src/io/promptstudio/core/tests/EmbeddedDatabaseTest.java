package io.promptstudio.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.io.EmbeddedDatabase.Refusal;
import io.promptstudio.core.io.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The file names, URLs and reasons the run history, the semantic cache and the sync server's store share. */
class EmbeddedDatabaseTest {

    @Test
    void aDatabaseIsItsNamePlusTheStoreSuffixAndItsUrlKeepsItOpenUntilClosed() {
        assertEquals(Path.of("/data/history.mv.db"), EmbeddedDatabase.fileOf(Path.of("/data/history")));
        assertEquals("jdbc:h2:file:/data/store;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", EmbeddedDatabase.url(Path.of("/data/./store"), "WRITE_DELAY=0"));
        assertTrue(EmbeddedDatabase.url(Path.of("relative")).startsWith("jdbc:h2:file:/"), "the path is made absolute");
    }

    @Test
    void theDriversCodesAndWordsBecomeReasonsAPersonCanActOn() {
        assertEquals(Refusal.IN_USE, EmbeddedDatabase.refusal(new SQLException("Database may be already in use", "90020", 90020)));
        assertEquals(Refusal.IN_USE, EmbeddedDatabase.refusal(new SQLException("The file is locked: /data/x.mv.db")));
        assertEquals(Refusal.DAMAGED, EmbeddedDatabase.refusal(new SQLException("File corrupted while reading record", "90030", 90030)));
        assertEquals(Refusal.FOREIGN, EmbeddedDatabase.refusal(new SQLException("Unsupported database file version", "90048", 90048)));
        assertEquals(Refusal.FOREIGN, EmbeddedDatabase.refusal(new SQLException("Wrong password or encrypted", "90049", 90049)));
        assertEquals(Refusal.OTHER, EmbeddedDatabase.refusal(new SQLException("Table not found", "42S02", 42102)));
    }
}
