package io.promptstudio.sync.storage;

import io.promptstudio.sync.storage.StoreRecords.Version;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Named versions of a document: its whole state at a moment, with a name, a message and an author.
 */
final class H2Versions {

    private final H2Database db;
    private final Clock clock;

    H2Versions(H2Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Version saveVersion(long documentId, String name, String message, String author, byte[] state) {
        long now = clock.millis();
        return db.inTransaction("save a version", connection -> {
            long id = H2Database.insert(connection, "INSERT INTO versions(document_id, name, message, author, created_at, state) VALUES (?, ?, ?, ?, ?, ?)",
                    documentId, name, message, author, now, state);
            return new Version(id, documentId, name, message, author, Instant.ofEpochMilli(now), state.length);
        });
    }

    private static final String VERSION_COLUMNS = "id, document_id, name, message, author, created_at, OCTET_LENGTH(state)";

    List<Version> versions(long documentId) {
        return db.query("list versions", "SELECT " + VERSION_COLUMNS + " FROM versions WHERE document_id = ? ORDER BY id",
                H2Versions::versionRow, documentId);
    }

    Optional<Version> version(long documentId, long versionId) {
        return db.query("read a version", "SELECT " + VERSION_COLUMNS + " FROM versions WHERE document_id = ? AND id = ?",
                H2Versions::versionRow, documentId, versionId).stream().findFirst();
    }

    Optional<byte[]> versionState(long documentId, long versionId) {
        return db.query("read a version's state", "SELECT state FROM versions WHERE document_id = ? AND id = ?",
                rows -> rows.getBytes(1), documentId, versionId).stream().findFirst();
    }

    private static Version versionRow(ResultSet rows) throws SQLException {
        return new Version(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4), rows.getString(5),
                Instant.ofEpochMilli(rows.getLong(6)), rows.getLong(7));
    }
}
