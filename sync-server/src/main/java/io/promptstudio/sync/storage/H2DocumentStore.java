package io.promptstudio.sync.storage;

import io.promptstudio.core.io.EmbeddedDatabase;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.storage.StoreRecords.Account;
import io.promptstudio.sync.storage.StoreRecords.Append;
import io.promptstudio.sync.storage.StoreRecords.AuditEntry;
import io.promptstudio.sync.storage.StoreRecords.Backup;
import io.promptstudio.sync.storage.StoreRecords.Document;
import io.promptstudio.sync.storage.StoreRecords.Member;
import io.promptstudio.sync.storage.StoreRecords.State;
import io.promptstudio.sync.storage.StoreRecords.Version;
import io.promptstudio.sync.storage.StoreRecords.Workspace;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded store: one H2 database file in the data folder. Commits are written through at once
 * ({@code WRITE_DELAY=0}) so that an acknowledged update survives the process being killed. This class opens and
 * migrates it; each subject has a class of its own over the shared {@link H2Database}: {@link H2Workspaces},
 * {@link H2Accounts}, {@link H2Audit}, {@link H2Documents} (with the update logs), {@link H2Versions} and
 * {@link H2Backups}.
 */
public final class H2DocumentStore implements DocumentStore {

    static final int SCHEMA_VERSION = 3;
    private final H2Database db;
    private final UpdateLogFiles logs;
    private final H2Accounts accounts;
    private final H2Audit audit;
    private final H2Documents documents;
    private final H2Workspaces workspaces;
    private final H2Versions versions;
    private final H2Backups backups;

    private H2DocumentStore(JdbcConnectionPool pool, Clock clock, UpdateLogFiles logs, Path dataDirectory) {
        this.db = new H2Database(pool);
        this.logs = logs;
        this.accounts = new H2Accounts(db, clock);
        this.audit = new H2Audit(db, clock);
        this.documents = new H2Documents(db, clock, logs);
        this.workspaces = new H2Workspaces(db, clock, documents);
        this.versions = new H2Versions(db, clock);
        this.backups = new H2Backups(db, dataDirectory);
    }

    /**
     * Opens (creating when missing) {@code <dataDirectory>/promptstudio-sync.mv.db} and the update logs in
     * {@code <dataDirectory>/logs/}.
     *
     * @param fsync whether each appended batch is forced to the disk (survives power loss, not only a crash)
     */
    public static H2DocumentStore open(Path dataDirectory, Clock clock, boolean fsync) {
        String url = EmbeddedDatabase.url(dataDirectory.resolve("promptstudio-sync"), "WRITE_DELAY=0", "LOCK_TIMEOUT=10000");
        // Not through DriverManager: inside an OSGi or shaded classpath the driver may not be registered there.
        org.h2.jdbcx.JdbcDataSource source = new org.h2.jdbcx.JdbcDataSource();
        source.setURL(url);
        JdbcConnectionPool pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(16);
        H2DocumentStore store = new H2DocumentStore(pool, clock, new UpdateLogFiles(dataDirectory.resolve("logs"), fsync),
                dataDirectory.toAbsolutePath());
        try {
            store.migrate();
        } catch (StorageException e) {
            pool.dispose();
            throw openFailure(EmbeddedDatabase.fileOf(dataDirectory.resolve("promptstudio-sync")), e);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
        return store;
    }

    /**
     * What an operator can act on when the database will not open; H2's own text suggests its server mode or
     * recovery tool, which are not ours to offer.
     */
    private static StorageException openFailure(Path file, StorageException failure) {
        if (!(failure.getCause() instanceof SQLException sql)) {
            return failure;
        }
        String problem = switch (EmbeddedDatabase.refusal(sql)) {
            case IN_USE -> "the database " + file + " is open in another process"
                    + " (another sync server on this data folder?); one server per data folder";
            case DAMAGED -> "the database " + file + " is damaged; it was left as it is:"
                    + " start on a backup (PROMPTSTUDIO_DATA_DIR naming the backup's folder) or move the folder aside";
            case FOREIGN -> "the file " + file + " is not a database this server wrote; it was left as it is";
            case OTHER -> null;
        };
        return problem == null ? failure : new StorageException(problem, failure);
    }

    private void migrate() {
        db.inTransaction("create the schema", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_info(version INT NOT NULL)");
                try (ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_info")) {
                    rows.next();
                    int version = rows.getInt(1);
                    if (version > SCHEMA_VERSION) {
                        throw new StorageException("the database was written by a newer server (schema " + version
                                + ", this server knows " + SCHEMA_VERSION + "); refusing to touch it", null);
                    }
                    if (version == SCHEMA_VERSION) {
                        return null;
                    }
                    if (version > 0) {
                        // each schema since the first adds tables only: a database of an older server takes the missing ones
                        if (version < 2) {
                            createAccounts(statement);
                        }
                        createAudit(statement);
                        statement.execute("UPDATE schema_info SET version = " + SCHEMA_VERSION);
                        return null;
                    }
                }
                statement.execute("""
                        CREATE TABLE workspaces(tenant VARCHAR(64) NOT NULL, name VARCHAR(64) NOT NULL,
                          created_at BIGINT NOT NULL, created_by VARCHAR(256) NOT NULL, PRIMARY KEY(tenant, name))""");
                statement.execute("""
                        CREATE TABLE members(tenant VARCHAR(64) NOT NULL, workspace VARCHAR(64) NOT NULL,
                          user_id VARCHAR(256) NOT NULL, role VARCHAR(16) NOT NULL, added_at BIGINT NOT NULL,
                          PRIMARY KEY(tenant, workspace, user_id))""");
                statement.execute("""
                        CREATE TABLE documents(id BIGINT AUTO_INCREMENT PRIMARY KEY, tenant VARCHAR(64) NOT NULL,
                          workspace VARCHAR(64) NOT NULL, name VARCHAR(200) NOT NULL, created_at BIGINT NOT NULL,
                          created_by VARCHAR(256) NOT NULL, updated_at BIGINT NOT NULL, snapshot_bytes BIGINT NOT NULL,
                          snapshot VARBINARY, log_generation BIGINT NOT NULL, UNIQUE(tenant, workspace, name))""");
                statement.execute("""
                        CREATE TABLE versions(id BIGINT AUTO_INCREMENT PRIMARY KEY, document_id BIGINT NOT NULL,
                          name VARCHAR(200) NOT NULL, message VARCHAR(2000) NOT NULL, author VARCHAR(256) NOT NULL,
                          created_at BIGINT NOT NULL, state VARBINARY NOT NULL)""");
                statement.execute("CREATE INDEX versions_by_document ON versions(document_id, id)");
                createAccounts(statement);
                createAudit(statement);
                statement.execute("INSERT INTO schema_info VALUES (" + SCHEMA_VERSION + ")");
            }
            return null;
        });
    }

    /** Schema 2: the accounts of the password login. */
    private static void createAccounts(Statement statement) throws java.sql.SQLException {
        statement.execute("""
                CREATE TABLE accounts(tenant VARCHAR(64) NOT NULL, user_id VARCHAR(256) NOT NULL,
                  password_hash VARCHAR(256) NOT NULL, role VARCHAR(16) NOT NULL, updated_at BIGINT NOT NULL,
                  PRIMARY KEY(tenant, user_id))""");
    }

    /** Schema 3: the audit log, with no key to the workspaces it names, so that it outlives them. */
    private static void createAudit(Statement statement) throws java.sql.SQLException {
        statement.execute("""
                CREATE TABLE audit_log(id BIGINT AUTO_INCREMENT PRIMARY KEY, at BIGINT NOT NULL, tenant VARCHAR(64) NOT NULL,
                  actor VARCHAR(256) NOT NULL, action VARCHAR(200) NOT NULL, workspace VARCHAR(64), path VARCHAR(2000) NOT NULL,
                  status INT NOT NULL, request_id VARCHAR(64) NOT NULL)""");
        statement.execute("CREATE INDEX audit_by_tenant ON audit_log(tenant, id)");
        statement.execute("CREATE INDEX audit_by_workspace ON audit_log(tenant, workspace, id)");
    }

    @Override
    public void close() {
        logs.close();
        db.close();
    }

    // ---- each subject's table, by aggregate

    @Override
    public Optional<Workspace> workspace(String tenant, String name) {
        return workspaces.workspace(tenant, name);
    }

    @Override
    public List<Workspace> workspaces(String tenant) {
        return workspaces.workspaces(tenant);
    }

    @Override
    public Optional<Workspace> createWorkspace(String tenant, String name, String createdBy) {
        return workspaces.createWorkspace(tenant, name, createdBy);
    }

    @Override
    public boolean deleteWorkspace(String tenant, String name) {
        return workspaces.deleteWorkspace(tenant, name);
    }

    @Override
    public Optional<Role> memberRole(String tenant, String workspace, String userId) {
        return workspaces.memberRole(tenant, workspace, userId);
    }

    @Override
    public List<Member> members(String tenant, String workspace) {
        return workspaces.members(tenant, workspace);
    }

    @Override
    public void putMember(String tenant, String workspace, String userId, Role role) {
        workspaces.putMember(tenant, workspace, userId, role);
    }

    @Override
    public boolean removeMember(String tenant, String workspace, String userId) {
        return workspaces.removeMember(tenant, workspace, userId);
    }

    @Override
    public Optional<Account> account(String tenant, String user) {
        return accounts.account(tenant, user);
    }

    @Override
    public void putAccount(Account account) {
        accounts.putAccount(account);
    }

    @Override
    public long recordAudit(AuditEntry entry) {
        return audit.recordAudit(entry);
    }

    @Override
    public void settleAudit(long id, int status, String workspace) {
        audit.settleAudit(id, status, workspace);
    }

    @Override
    public List<AuditEntry> audit(String tenant, String workspace, long beforeId, int limit) {
        return audit.audit(tenant, workspace, beforeId, limit);
    }

    @Override
    public int pruneAudit(Instant cutoff) {
        return audit.pruneAudit(cutoff);
    }

    @Override
    public Optional<Document> document(DocumentKey key) {
        return documents.document(key);
    }

    @Override
    public List<Document> documents(String tenant, String workspace) {
        return documents.documents(tenant, workspace);
    }

    @Override
    public int documentCount(String tenant) {
        return documents.documentCount(tenant);
    }

    @Override
    public Optional<Document> createDocument(DocumentKey key, String createdBy) {
        return documents.createDocument(key, createdBy);
    }

    @Override
    public boolean deleteDocument(DocumentKey key) {
        return documents.deleteDocument(key);
    }

    @Override
    public State load(long documentId) {
        return documents.load(documentId);
    }

    @Override
    public void append(List<Append> updates) {
        documents.append(updates);
    }

    @Override
    public long sealLog(long documentId) {
        return documents.sealLog(documentId);
    }

    @Override
    public void compact(long documentId, long sealedBelow) {
        documents.compact(documentId, sealedBelow);
    }

    @Override
    public Version saveVersion(long documentId, String name, String message, String author, byte[] state) {
        return versions.saveVersion(documentId, name, message, author, state);
    }

    @Override
    public List<Version> versions(long documentId) {
        return versions.versions(documentId);
    }

    @Override
    public Optional<Version> version(long documentId, long versionId) {
        return versions.version(documentId, versionId);
    }

    @Override
    public Optional<byte[]> versionState(long documentId, long versionId) {
        return versions.versionState(documentId, versionId);
    }

    @Override
    public Backup backup(Path target) {
        return backups.backup(target);
    }

}
