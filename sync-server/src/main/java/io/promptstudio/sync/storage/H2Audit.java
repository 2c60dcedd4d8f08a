package io.promptstudio.sync.storage;

import io.promptstudio.sync.storage.StoreRecords.AuditEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The audit log's table: entries written before a change and settled with its answer, read a page at a time, pruned by age.
 */
final class H2Audit {

    private final H2Database db;
    private final Clock clock;

    H2Audit(H2Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    long recordAudit(AuditEntry entry) {
        return db.inTransaction("record an audit entry", connection -> H2Database.insert(connection,
                "INSERT INTO audit_log(at, tenant, actor, action, workspace, path, status, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                clock.millis(), entry.tenant(), entry.actor(), entry.action(), entry.workspace(), entry.path(), entry.status(),
                entry.requestId()));
    }

    void settleAudit(long id, int status, String workspace) {
        db.inTransaction("settle an audit entry", connection -> H2Database.update(connection,
                "UPDATE audit_log SET status = ?, workspace = COALESCE(workspace, ?) WHERE id = ? AND status = " + AuditEntry.UNANSWERED,
                status, workspace, id));
    }

    List<AuditEntry> audit(String tenant, String workspace, long beforeId, int limit) {
        H2Database.Row<AuditEntry> row = rows -> new AuditEntry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getInt(8), rows.getString(9));
        String select = "SELECT id, at, tenant, actor, action, workspace, path, status, request_id FROM audit_log WHERE tenant = ?"
                + " AND id < ?";
        return workspace == null
                ? db.query("read the audit log", select + " ORDER BY id DESC LIMIT ?", row, tenant, beforeId, limit)
                : db.query("read the audit log", select + " AND workspace = ? ORDER BY id DESC LIMIT ?", row, tenant, beforeId, workspace, limit);
    }

    int pruneAudit(Instant cutoff) {
        return db.inTransaction("prune the audit log", connection -> H2Database.update(connection, "DELETE FROM audit_log WHERE at < ?", cutoff.toEpochMilli()));
    }
}
