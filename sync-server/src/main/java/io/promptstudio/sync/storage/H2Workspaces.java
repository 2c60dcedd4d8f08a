package io.promptstudio.sync.storage;

import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.storage.StoreRecords.Member;
import io.promptstudio.sync.storage.StoreRecords.Workspace;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workspaces and their members; deleting a workspace deletes its documents, their versions and logs.
 */
final class H2Workspaces {

    private final H2Database db;
    private final Clock clock;
    private final H2Documents documents;

    H2Workspaces(H2Database db, Clock clock, H2Documents documents) {
        this.db = db;
        this.clock = clock;
        this.documents = documents;
    }

    Optional<Workspace> workspace(String tenant, String name) {
        return db.query("read workspace " + tenant + "/" + name,
                "SELECT tenant, name, created_at, created_by FROM workspaces WHERE tenant = ? AND name = ?",
                H2Workspaces::workspaceRow, tenant, name).stream().findFirst();
    }

    List<Workspace> workspaces(String tenant) {
        return db.query("list the workspaces of " + tenant,
                "SELECT tenant, name, created_at, created_by FROM workspaces WHERE tenant = ? ORDER BY name",
                H2Workspaces::workspaceRow, tenant);
    }

    Optional<Workspace> createWorkspace(String tenant, String name, String createdBy) {
        DocumentKey.requireName(tenant, "tenant");
        DocumentKey.requireName(name, "workspace");
        long now = clock.millis();
        return db.inTransaction("create workspace " + tenant + "/" + name, connection -> {
            if (H2Database.exists(connection, "SELECT 1 FROM workspaces WHERE tenant = ? AND name = ?", tenant, name)) {
                return Optional.<Workspace>empty();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO workspaces VALUES (?, ?, ?, ?)")) {
                H2Database.bind(insert, tenant, name, now, createdBy);
                if (!H2Database.insertUnlessTaken(insert)) {
                    return Optional.<Workspace>empty();
                }
            }
            H2Database.update(connection, "MERGE INTO members VALUES (?, ?, ?, ?, ?)", tenant, name, createdBy, Role.OWNER.id(), now);
            return Optional.of(new Workspace(tenant, name, Instant.ofEpochMilli(now), createdBy));
        });
    }

    boolean deleteWorkspace(String tenant, String name) {
        return db.inTransaction("delete workspace " + tenant + "/" + name, connection -> {
            H2Database.update(connection, "DELETE FROM versions WHERE document_id IN (SELECT id FROM documents WHERE tenant = ? AND workspace = ?)", tenant, name);
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM documents WHERE tenant = ? AND workspace = ?")) {
                H2Database.bind(select, tenant, name);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            H2Database.update(connection, "DELETE FROM documents WHERE tenant = ? AND workspace = ?", tenant, name);
            H2Database.update(connection, "DELETE FROM members WHERE tenant = ? AND workspace = ?", tenant, name);
            boolean deleted = H2Database.update(connection, "DELETE FROM workspaces WHERE tenant = ? AND name = ?", tenant, name) > 0;
            connection.commit();
            ids.forEach(documents::forgetLogs);
            return deleted;
        });
    }

    Optional<Role> memberRole(String tenant, String workspace, String userId) {
        return db.query("read the role of a member", "SELECT role FROM members WHERE tenant = ? AND workspace = ? AND user_id = ?",
                rows -> Role.parse(rows.getString(1)), tenant, workspace, userId).stream().findFirst();
    }

    List<Member> members(String tenant, String workspace) {
        return db.query("list members", "SELECT user_id, role, added_at FROM members WHERE tenant = ? AND workspace = ? ORDER BY user_id",
                rows -> new Member(rows.getString(1), Role.parse(rows.getString(2)), Instant.ofEpochMilli(rows.getLong(3))),
                tenant, workspace);
    }

    void putMember(String tenant, String workspace, String userId, Role role) {
        long now = clock.millis();
        db.inTransaction("store a member", connection -> {
            if (H2Database.update(connection, "UPDATE members SET role = ? WHERE tenant = ? AND workspace = ? AND user_id = ?",
                    role.id(), tenant, workspace, userId) == 0) {
                H2Database.update(connection, "INSERT INTO members VALUES (?, ?, ?, ?, ?)", tenant, workspace, userId, role.id(), now);
            }
            return null;
        });
    }

    boolean removeMember(String tenant, String workspace, String userId) {
        return db.inTransaction("remove a member", connection -> H2Database.update(connection,
                "DELETE FROM members WHERE tenant = ? AND workspace = ? AND user_id = ?", tenant, workspace, userId) > 0);
    }

    private static Workspace workspaceRow(ResultSet rows) throws SQLException {
        return new Workspace(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)), rows.getString(4));
    }
}
