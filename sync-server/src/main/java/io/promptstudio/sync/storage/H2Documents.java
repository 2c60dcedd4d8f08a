package io.promptstudio.sync.storage;

import io.promptstudio.crdt.Updates;
import io.promptstudio.sync.storage.StoreRecords.Append;
import io.promptstudio.sync.storage.StoreRecords.Document;
import io.promptstudio.sync.storage.StoreRecords.State;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Documents and their updates: the rows with the compacted snapshot, and the append-only update logs beside them
 * (appended in batches, sealed and compacted into the snapshot by the writer).
 */
final class H2Documents {

    private final H2Database db;
    private final Clock clock;
    private final UpdateLogFiles logs;
    /** The current log generation of each document the writer touched (the database holds the truth). */
    private final java.util.concurrent.ConcurrentHashMap<Long, Long> generations = new java.util.concurrent.ConcurrentHashMap<>();

    H2Documents(H2Database db, Clock clock, UpdateLogFiles logs) {
        this.db = db;
        this.clock = clock;
        this.logs = logs;
    }

    private static final String DOCUMENT_SELECT = "SELECT id, tenant, workspace, name, created_at, created_by, updated_at,"
            + " snapshot_bytes, log_generation FROM documents";

    Optional<Document> document(DocumentKey key) {
        return db.query("read document " + key, DOCUMENT_SELECT + " WHERE tenant = ? AND workspace = ? AND name = ?",
                this::documentRow, key.tenant(), key.workspace(), key.name()).stream().findFirst();
    }

    List<Document> documents(String tenant, String workspace) {
        return db.query("list documents", DOCUMENT_SELECT + " WHERE tenant = ? AND workspace = ? ORDER BY name",
                this::documentRow, tenant, workspace);
    }

    int documentCount(String tenant) {
        return db.query("count documents", "SELECT COUNT(*) FROM documents WHERE tenant = ?", rows -> rows.getInt(1), tenant).get(0);
    }

    Optional<Document> createDocument(DocumentKey key, String createdBy) {
        long now = clock.millis();
        return db.inTransaction("create document " + key, connection -> {
            if (H2Database.exists(connection, "SELECT 1 FROM documents WHERE tenant = ? AND workspace = ? AND name = ?",
                    key.tenant(), key.workspace(), key.name())) {
                return Optional.<Document>empty();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO documents(tenant, workspace, name, created_at, created_by, updated_at, snapshot_bytes, log_generation)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 0, 0)", Statement.RETURN_GENERATED_KEYS)) {
                H2Database.bind(insert, key.tenant(), key.workspace(), key.name(), now, createdBy, now);
                if (!H2Database.insertUnlessTaken(insert)) {
                    return Optional.<Document>empty();
                }
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    Instant at = Instant.ofEpochMilli(now);
                    long id = keys.getLong(1);
                    generations.put(id, 0L);
                    return Optional.of(new Document(id, key, at, createdBy, at, 0));
                }
            }
        });
    }

    boolean deleteDocument(DocumentKey key) {
        return db.inTransaction("delete document " + key, connection -> {
            Optional<Long> id = Optional.empty();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM documents WHERE tenant = ? AND workspace = ? AND name = ?")) {
                H2Database.bind(select, key.tenant(), key.workspace(), key.name());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        id = Optional.of(rows.getLong(1));
                    }
                }
            }
            if (id.isEmpty()) {
                return false;
            }
            H2Database.update(connection, "DELETE FROM versions WHERE document_id = ?", id.get());
            H2Database.update(connection, "DELETE FROM documents WHERE id = ?", id.get());
            connection.commit();
            forgetLogs(id.get());
            return true;
        });
    }

    State load(long documentId) {
        StoredSnapshot stored = storedSnapshot(documentId);
        try {
            // Generations from the stored one on: a compaction that sealed a log and did not commit left two.
            List<Long> present = logs.generationsFrom(documentId, stored.generation());
            List<byte[]> updates = new ArrayList<>();
            for (long generation : present) {
                updates.addAll(logs.read(documentId, generation));
            }
            generations.put(documentId, present.isEmpty() ? stored.generation() : present.get(present.size() - 1));
            logs.deleteBelow(documentId, stored.generation());
            return new State(stored.snapshot(), updates);
        } catch (IOException e) {
            throw new StorageException("cannot read the update log of document #" + documentId + ": " + e.getMessage(), e);
        }
    }

    private record StoredSnapshot(byte[] snapshot, long generation) {
    }

    private StoredSnapshot storedSnapshot(long documentId) {
        return db.inTransaction("load document #" + documentId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT snapshot, log_generation FROM documents WHERE id = ?")) {
                H2Database.bind(select, documentId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new StorageException("document #" + documentId + " does not exist", null);
                    }
                    return new StoredSnapshot(rows.getBytes(1), rows.getLong(2));
                }
            }
        });
    }

    /**
     * The hot path: one gathering write per document into its log file (no database transaction); the records
     * are in the operating system's cache — safe from the process being killed — when this returns.
     */
    void append(List<Append> updates) {
        if (updates.isEmpty()) {
            return;
        }
        List<Append> live = new ArrayList<>(updates.size());
        for (Append append : updates) {
            if (!generations.containsKey(append.documentId())) {
                Optional<Long> generation = db.query("read a log generation", "SELECT log_generation FROM documents WHERE id = ?",
                        rows -> rows.getLong(1), append.documentId()).stream().findFirst();
                if (generation.isEmpty()) {
                    // Deleted while its last edits were queued: they go with it, and the others are written.
                    continue;
                }
                generations.put(append.documentId(), generation.get());
            }
            live.add(append);
        }
        try {
            logs.append(generations, live);
        } catch (IOException e) {
            throw new StorageException("cannot append " + updates.size() + " updates: " + e.getMessage(), e);
        }
    }

    long sealLog(long documentId) {
        long current = generations.computeIfAbsent(documentId, id -> storedSnapshot(id).generation());
        generations.put(documentId, current + 1);
        return current + 1;
    }

    /**
     * Folds the sealed logs into the snapshot: the merged snapshot and the first unsealed generation are committed
     * in one transaction, then the sealed logs are deleted. Runs on the writer thread while appends go on.
     */
    void compact(long documentId, long sealedBelow) {
        StoredSnapshot stored = storedSnapshot(documentId);
        List<byte[]> parts = new ArrayList<>();
        if (stored.snapshot() != null) {
            parts.add(stored.snapshot());
        }
        long lastChange = clock.millis();
        int updates = 0;
        try {
            for (long generation : logs.generationsFrom(documentId, stored.generation())) {
                if (generation < sealedBelow) {
                    List<byte[]> records = logs.read(documentId, generation);
                    parts.addAll(records);
                    updates += records.size();
                    lastChange = Math.max(lastChange, logs.lastModified(documentId, generation));
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot read the update log of document #" + documentId + ": " + e.getMessage(), e);
        }
        if (updates == 0) {
            return;
        }
        byte[] merged = Updates.merge(parts.toArray(byte[][]::new));
        long changed = lastChange;
        db.inTransaction("compact document #" + documentId, connection -> H2Database.update(connection,
                "UPDATE documents SET snapshot = ?, snapshot_bytes = ?, log_generation = ?, updated_at = GREATEST(updated_at, ?) WHERE id = ?",
                merged, (long) merged.length, sealedBelow, changed, documentId));
        logs.deleteBelow(documentId, sealedBelow);
    }

    void forgetLogs(long documentId) {
        generations.remove(documentId);
        logs.deleteBelow(documentId, Long.MAX_VALUE);
    }

    /** A document row with its log folded in: the size and last change count the updates not yet compacted. */
    private Document documentRow(ResultSet rows) throws SQLException {
        long id = rows.getLong(1);
        long generation = rows.getLong(9);
        long logBytes = 0;
        long updatedAt = rows.getLong(7);
        // Up to the generation appends go to (a sealed log not yet compacted lies between); files, not a folder
        // scan, since a listing reads every document's row.
        for (long present = generation, current = generations.getOrDefault(id, generation); present <= current; present++) {
            logBytes += logs.size(id, present);
            updatedAt = Math.max(updatedAt, logs.lastModified(id, present));
        }
        return new Document(id, new DocumentKey(rows.getString(2), rows.getString(3), rows.getString(4)),
                Instant.ofEpochMilli(rows.getLong(5)), rows.getString(6), Instant.ofEpochMilli(updatedAt), rows.getLong(8) + logBytes);
    }
}
