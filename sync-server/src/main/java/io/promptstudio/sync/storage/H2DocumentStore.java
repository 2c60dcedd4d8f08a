package io.promptstudio.sync.storage;

import io.promptstudio.core.io.EmbeddedDatabase;
import io.promptstudio.crdt.Updates;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded store: one H2 database file in the data folder. Commits are written through at once
 * ({@code WRITE_DELAY=0}) so that an acknowledged update survives the process being killed.
 */
public final class H2DocumentStore implements DocumentStore {

    static final int SCHEMA_VERSION = 3;
    /** SQLSTATE of a unique or primary key violation. */
    private static final String DUPLICATE_KEY = "23505";

    private final JdbcConnectionPool pool;
    private final Clock clock;
    private final UpdateLogFiles logs;
    /** The current log generation of each document the writer touched (the database holds the truth). */
    private final java.util.concurrent.ConcurrentHashMap<Long, Long> generations = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path dataDirectory;

    private H2DocumentStore(JdbcConnectionPool pool, Clock clock, UpdateLogFiles logs, Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.pool = pool;
        this.clock = clock;
        this.logs = logs;
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
        inTransaction("create the schema", connection -> {
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
    public long recordAudit(AuditEntry entry) {
        return inTransaction("record an audit entry", connection -> insert(connection,
                "INSERT INTO audit_log(at, tenant, actor, action, workspace, path, status, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                clock.millis(), entry.tenant(), entry.actor(), entry.action(), entry.workspace(), entry.path(), entry.status(),
                entry.requestId()));
    }

    @Override
    public void settleAudit(long id, int status, String workspace) {
        inTransaction("settle an audit entry", connection -> update(connection,
                "UPDATE audit_log SET status = ?, workspace = COALESCE(workspace, ?) WHERE id = ? AND status = " + AuditEntry.UNANSWERED,
                status, workspace, id));
    }

    @Override
    public List<AuditEntry> audit(String tenant, String workspace, long beforeId, int limit) {
        Row<AuditEntry> row = rows -> new AuditEntry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getInt(8), rows.getString(9));
        String select = "SELECT id, at, tenant, actor, action, workspace, path, status, request_id FROM audit_log WHERE tenant = ?"
                + " AND id < ?";
        return workspace == null
                ? query("read the audit log", select + " ORDER BY id DESC LIMIT ?", row, tenant, beforeId, limit)
                : query("read the audit log", select + " AND workspace = ? ORDER BY id DESC LIMIT ?", row, tenant, beforeId, workspace, limit);
    }

    @Override
    public int pruneAudit(Instant cutoff) {
        return inTransaction("prune the audit log", connection -> update(connection, "DELETE FROM audit_log WHERE at < ?", cutoff.toEpochMilli()));
    }

    @Override
    public Optional<Account> account(String tenant, String user) {
        return query("read an account", "SELECT tenant, user_id, password_hash, role FROM accounts WHERE tenant = ? AND user_id = ?",
                rows -> new Account(rows.getString(1), rows.getString(2), rows.getString(3), Role.parse(rows.getString(4))),
                tenant, user).stream().findFirst();
    }

    @Override
    public void putAccount(Account account) {
        long now = clock.millis();
        inTransaction("store an account", connection -> {
            if (update(connection, "UPDATE accounts SET password_hash = ?, role = ?, updated_at = ? WHERE tenant = ? AND user_id = ?",
                    account.passwordHash(), account.role().id(), now, account.tenant(), account.user()) == 0) {
                update(connection, "INSERT INTO accounts VALUES (?, ?, ?, ?, ?)", account.tenant(), account.user(),
                        account.passwordHash(), account.role().id(), now);
            }
            return null;
        });
    }

    @Override
    public Optional<Workspace> workspace(String tenant, String name) {
        return query("read workspace " + tenant + "/" + name,
                "SELECT tenant, name, created_at, created_by FROM workspaces WHERE tenant = ? AND name = ?",
                H2DocumentStore::workspaceRow, tenant, name).stream().findFirst();
    }

    @Override
    public List<Workspace> workspaces(String tenant) {
        return query("list the workspaces of " + tenant,
                "SELECT tenant, name, created_at, created_by FROM workspaces WHERE tenant = ? ORDER BY name",
                H2DocumentStore::workspaceRow, tenant);
    }

    @Override
    public Optional<Workspace> createWorkspace(String tenant, String name, String createdBy) {
        DocumentKey.requireName(tenant, "tenant");
        DocumentKey.requireName(name, "workspace");
        long now = clock.millis();
        return inTransaction("create workspace " + tenant + "/" + name, connection -> {
            if (exists(connection, "SELECT 1 FROM workspaces WHERE tenant = ? AND name = ?", tenant, name)) {
                return Optional.<Workspace>empty();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO workspaces VALUES (?, ?, ?, ?)")) {
                bind(insert, tenant, name, now, createdBy);
                if (!insertUnlessTaken(insert)) {
                    return Optional.<Workspace>empty();
                }
            }
            update(connection, "MERGE INTO members VALUES (?, ?, ?, ?, ?)", tenant, name, createdBy, Role.OWNER.id(), now);
            return Optional.of(new Workspace(tenant, name, Instant.ofEpochMilli(now), createdBy));
        });
    }

    @Override
    public boolean deleteWorkspace(String tenant, String name) {
        return inTransaction("delete workspace " + tenant + "/" + name, connection -> {
            update(connection, "DELETE FROM versions WHERE document_id IN (SELECT id FROM documents WHERE tenant = ? AND workspace = ?)", tenant, name);
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM documents WHERE tenant = ? AND workspace = ?")) {
                bind(select, tenant, name);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            update(connection, "DELETE FROM documents WHERE tenant = ? AND workspace = ?", tenant, name);
            update(connection, "DELETE FROM members WHERE tenant = ? AND workspace = ?", tenant, name);
            boolean deleted = update(connection, "DELETE FROM workspaces WHERE tenant = ? AND name = ?", tenant, name) > 0;
            connection.commit();
            ids.forEach(this::forgetLogs);
            return deleted;
        });
    }

    @Override
    public Optional<Role> memberRole(String tenant, String workspace, String userId) {
        return query("read the role of a member", "SELECT role FROM members WHERE tenant = ? AND workspace = ? AND user_id = ?",
                rows -> Role.parse(rows.getString(1)), tenant, workspace, userId).stream().findFirst();
    }

    @Override
    public List<Member> members(String tenant, String workspace) {
        return query("list members", "SELECT user_id, role, added_at FROM members WHERE tenant = ? AND workspace = ? ORDER BY user_id",
                rows -> new Member(rows.getString(1), Role.parse(rows.getString(2)), Instant.ofEpochMilli(rows.getLong(3))),
                tenant, workspace);
    }

    @Override
    public void putMember(String tenant, String workspace, String userId, Role role) {
        long now = clock.millis();
        inTransaction("store a member", connection -> {
            if (update(connection, "UPDATE members SET role = ? WHERE tenant = ? AND workspace = ? AND user_id = ?",
                    role.id(), tenant, workspace, userId) == 0) {
                update(connection, "INSERT INTO members VALUES (?, ?, ?, ?, ?)", tenant, workspace, userId, role.id(), now);
            }
            return null;
        });
    }

    @Override
    public boolean removeMember(String tenant, String workspace, String userId) {
        return inTransaction("remove a member", connection -> update(connection,
                "DELETE FROM members WHERE tenant = ? AND workspace = ? AND user_id = ?", tenant, workspace, userId) > 0);
    }

    private static final String DOCUMENT_SELECT = "SELECT id, tenant, workspace, name, created_at, created_by, updated_at,"
            + " snapshot_bytes, log_generation FROM documents";

    @Override
    public Optional<Document> document(DocumentKey key) {
        return query("read document " + key, DOCUMENT_SELECT + " WHERE tenant = ? AND workspace = ? AND name = ?",
                this::documentRow, key.tenant(), key.workspace(), key.name()).stream().findFirst();
    }

    @Override
    public List<Document> documents(String tenant, String workspace) {
        return query("list documents", DOCUMENT_SELECT + " WHERE tenant = ? AND workspace = ? ORDER BY name",
                this::documentRow, tenant, workspace);
    }

    @Override
    public int documentCount(String tenant) {
        return query("count documents", "SELECT COUNT(*) FROM documents WHERE tenant = ?", rows -> rows.getInt(1), tenant).get(0);
    }

    @Override
    public Optional<Document> createDocument(DocumentKey key, String createdBy) {
        long now = clock.millis();
        return inTransaction("create document " + key, connection -> {
            if (exists(connection, "SELECT 1 FROM documents WHERE tenant = ? AND workspace = ? AND name = ?",
                    key.tenant(), key.workspace(), key.name())) {
                return Optional.<Document>empty();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO documents(tenant, workspace, name, created_at, created_by, updated_at, snapshot_bytes, log_generation)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 0, 0)", Statement.RETURN_GENERATED_KEYS)) {
                bind(insert, key.tenant(), key.workspace(), key.name(), now, createdBy, now);
                if (!insertUnlessTaken(insert)) {
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

    @Override
    public boolean deleteDocument(DocumentKey key) {
        return inTransaction("delete document " + key, connection -> {
            Optional<Long> id = Optional.empty();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM documents WHERE tenant = ? AND workspace = ? AND name = ?")) {
                bind(select, key.tenant(), key.workspace(), key.name());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        id = Optional.of(rows.getLong(1));
                    }
                }
            }
            if (id.isEmpty()) {
                return false;
            }
            update(connection, "DELETE FROM versions WHERE document_id = ?", id.get());
            update(connection, "DELETE FROM documents WHERE id = ?", id.get());
            connection.commit();
            forgetLogs(id.get());
            return true;
        });
    }

    @Override
    public State load(long documentId) {
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
        return inTransaction("load document #" + documentId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT snapshot, log_generation FROM documents WHERE id = ?")) {
                bind(select, documentId);
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
    @Override
    public void append(List<Append> updates) {
        if (updates.isEmpty()) {
            return;
        }
        List<Append> live = new ArrayList<>(updates.size());
        for (Append append : updates) {
            if (!generations.containsKey(append.documentId())) {
                Optional<Long> generation = query("read a log generation", "SELECT log_generation FROM documents WHERE id = ?",
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

    @Override
    public long sealLog(long documentId) {
        long current = generations.computeIfAbsent(documentId, id -> storedSnapshot(id).generation());
        generations.put(documentId, current + 1);
        return current + 1;
    }

    /**
     * Folds the sealed logs into the snapshot: the merged snapshot and the first unsealed generation are committed
     * in one transaction, then the sealed logs are deleted. Runs on the writer thread while appends go on.
     */
    @Override
    public void compact(long documentId, long sealedBelow) {
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
        inTransaction("compact document #" + documentId, connection -> update(connection,
                "UPDATE documents SET snapshot = ?, snapshot_bytes = ?, log_generation = ?, updated_at = GREATEST(updated_at, ?) WHERE id = ?",
                merged, (long) merged.length, sealedBelow, changed, documentId));
        logs.deleteBelow(documentId, sealedBelow);
    }

    private void forgetLogs(long documentId) {
        generations.remove(documentId);
        logs.deleteBelow(documentId, Long.MAX_VALUE);
    }

    @Override
    public Version saveVersion(long documentId, String name, String message, String author, byte[] state) {
        long now = clock.millis();
        return inTransaction("save a version", connection -> {
            long id = insert(connection, "INSERT INTO versions(document_id, name, message, author, created_at, state) VALUES (?, ?, ?, ?, ?, ?)",
                    documentId, name, message, author, now, state);
            return new Version(id, documentId, name, message, author, Instant.ofEpochMilli(now), state.length);
        });
    }

    private static final String VERSION_COLUMNS = "id, document_id, name, message, author, created_at, OCTET_LENGTH(state)";

    @Override
    public List<Version> versions(long documentId) {
        return query("list versions", "SELECT " + VERSION_COLUMNS + " FROM versions WHERE document_id = ? ORDER BY id",
                H2DocumentStore::versionRow, documentId);
    }

    @Override
    public Optional<Version> version(long documentId, long versionId) {
        return query("read a version", "SELECT " + VERSION_COLUMNS + " FROM versions WHERE document_id = ? AND id = ?",
                H2DocumentStore::versionRow, documentId, versionId).stream().findFirst();
    }

    @Override
    public Optional<byte[]> versionState(long documentId, long versionId) {
        return query("read a version's state", "SELECT state FROM versions WHERE document_id = ? AND id = ?",
                rows -> rows.getBytes(1), documentId, versionId).stream().findFirst();
    }

    @Override
    public Backup backup(Path target) {
        Path folder = target.toAbsolutePath().normalize();
        if (folder.startsWith(dataDirectory)) {
            throw new StorageException("the backup folder " + folder + " is inside the data folder " + dataDirectory, null);
        }
        try {
            createPrivateFolders(folder);
            try (var entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new StorageException("the backup folder " + folder + " is not empty", null);
                }
            }
            // H2's own online backup: a consistent copy of the database file while it stays open
            Path zip = folder.resolve("database.zip");
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
            }
            int files = 0;
            long bytes = 0;
            try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
                for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    Path file = folder.resolve(entry.getName()).normalize();
                    if (!file.startsWith(folder) || entry.isDirectory()) {
                        continue;
                    }
                    bytes += Files.copy(in, file);
                    makePrivate(file);
                    files++;
                }
            }
            Files.delete(zip);
            Path logsFrom = dataDirectory.resolve("logs");
            Path logsTo = createPrivateFolders(folder.resolve("logs"));
            try (var logFiles = Files.list(logsFrom)) {
                for (Path log : (Iterable<Path>) logFiles::iterator) {
                    if (Files.isRegularFile(log)) {
                        Path copy = Files.copy(log, logsTo.resolve(log.getFileName()));
                        makePrivate(copy);
                        bytes += Files.size(copy);
                        files++;
                    }
                }
            }
            return new Backup(folder, files, bytes);
        } catch (java.io.IOException | SQLException e) {
            throw new StorageException("cannot back up to " + folder + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FOLDER =
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FILE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    /**
     * Creates the folder and any missing parents readable by the server's user alone (0700): a backup holds every
     * tenant's documents and password hashes. A folder that exists already keeps its permissions.
     */
    private static Path createPrivateFolders(Path folder) throws java.io.IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        if (folder.getParent() != null) {
            createPrivateFolders(folder.getParent());
        }
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
        }
        return Files.createDirectory(folder);
    }

    /** 0600, where the file system has POSIX permissions. */
    private static void makePrivate(Path file) throws java.io.IOException {
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
    }

    @Override
    public void close() {
        logs.close();
        // Closing the pool's last connection closes the database, which writes its last pages and frees the file.
        pool.dispose();
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String what, String sql, Row<T> row, Object... parameters) {
        return inTransaction(what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                bind(select, parameters);
                List<T> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(row.read(rows));
                    }
                }
                return result;
            }
        });
    }

    /**
     * Runs an insert; false when a concurrent transaction inserted the same key after this one looked (the check
     * before it is a read, so two first joins of a new workspace's documents can both pass it).
     */
    private static boolean insertUnlessTaken(PreparedStatement insert) throws SQLException {
        try {
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Inserts one row; returns the id the database gave it. */
    private static long insert(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(statement, parameters);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private static Workspace workspaceRow(ResultSet rows) throws SQLException {
        return new Workspace(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)), rows.getString(4));
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

    private static Version versionRow(ResultSet rows) throws SQLException {
        return new Version(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4), rows.getString(5),
                Instant.ofEpochMilli(rows.getLong(6)), rows.getLong(7));
    }
}
