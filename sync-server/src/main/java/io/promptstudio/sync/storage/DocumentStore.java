package io.promptstudio.sync.storage;

import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.storage.StoreRecords.Account;
import io.promptstudio.sync.storage.StoreRecords.AuditEntry;
import io.promptstudio.sync.storage.StoreRecords.Append;
import io.promptstudio.sync.storage.StoreRecords.Backup;
import io.promptstudio.sync.storage.StoreRecords.Document;
import io.promptstudio.sync.storage.StoreRecords.Member;
import io.promptstudio.sync.storage.StoreRecords.State;
import io.promptstudio.sync.storage.StoreRecords.Version;
import io.promptstudio.sync.storage.StoreRecords.Workspace;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of the server: workspaces, memberships, documents as a snapshot plus an append-only log of Yjs
 * updates, and named versions. Every method is one transaction; {@link #append} returns only once the updates are
 * committed. Implementations: {@link H2DocumentStore} (embedded, the default); PostgreSQL can follow behind the
 * same interface. Failures are {@link StorageException}s.
 */
public interface DocumentStore extends AutoCloseable {

    Optional<Workspace> workspace(String tenant, String name);

    List<Workspace> workspaces(String tenant);

    /** Creates the workspace with its creator as owner; returns empty when it exists already. */
    Optional<Workspace> createWorkspace(String tenant, String name, String createdBy);

    /** Deletes the workspace, its members, documents and versions; false when there was none. */
    boolean deleteWorkspace(String tenant, String name);

    Optional<Role> memberRole(String tenant, String workspace, String userId);

    List<Member> members(String tenant, String workspace);

    void putMember(String tenant, String workspace, String userId, Role role);

    boolean removeMember(String tenant, String workspace, String userId);

    /** The account of the server's password login, if there is one of this name in the tenant. */
    Optional<Account> account(String tenant, String user);

    /**
     * Copies the database and every update log into {@code target} (which must be empty or missing), as a data
     * folder a server can start from. The caller keeps appends and compactions from running meanwhile (the group
     * commit's writer runs it between batches), so that the copy is one consistent moment.
     */
    Backup backup(java.nio.file.Path target);

    /** Creates the account, or changes its password hash and role. */
    void putAccount(Account account);

    /**
     * Appends an entry (its id and time are the store's) to the tenant's audit log; returns its id. A change's
     * entry is written before the change with the status {@link AuditEntry#UNANSWERED}, then settled.
     */
    long recordAudit(AuditEntry entry);

    /**
     * Sets the status of an entry still {@link AuditEntry#UNANSWERED}, and its workspace where it had none and the
     * request turned out to name one (a workspace's creation names it in its body); an answered entry is never
     * rewritten.
     */
    void settleAudit(long id, int status, String workspace);

    /**
     * The tenant's audit entries newest first, with ids below {@code beforeId}, at most {@code limit}; only those
     * of one workspace when {@code workspace} is not null. Entries outlive the workspaces they name.
     */
    List<AuditEntry> audit(String tenant, String workspace, long beforeId, int limit);

    /** Deletes every tenant's audit entries written before {@code cutoff}; returns how many went. */
    int pruneAudit(java.time.Instant cutoff);

    Optional<Document> document(DocumentKey key);

    List<Document> documents(String tenant, String workspace);

    int documentCount(String tenant);

    /** Creates an empty document; returns empty when it exists already. */
    Optional<Document> createDocument(DocumentKey key, String createdBy);

    boolean deleteDocument(DocumentKey key);

    State load(long documentId);

    /** Appends the updates in order, in one transaction (the group commit), and returns once it is committed. */
    void append(List<Append> updates);

    /**
     * Starts the document's next log generation: appends from now on go to it, and the ones before are sealed for
     * {@link #compact(long, long)}. Cheap; the caller holds the document's appends off while it runs.
     *
     * @return the new generation
     */
    long sealLog(long documentId);

    /**
     * Merges the snapshot and the sealed logs (generations below {@code sealedBelow}) into a new snapshot and drops
     * them. Appends to the new generation may go on meanwhile; until it commits, a load reads the sealed logs too.
     */
    void compact(long documentId, long sealedBelow);

    /** Seals the log and compacts it, for callers that hold every append off. */
    default void compact(long documentId) {
        compact(documentId, sealLog(documentId));
    }

    Version saveVersion(long documentId, String name, String message, String author, byte[] state);

    List<Version> versions(long documentId);

    Optional<Version> version(long documentId, long versionId);

    Optional<byte[]> versionState(long documentId, long versionId);

    @Override
    void close();
}
