package io.promptstudio.sync.storage;

import io.promptstudio.sync.auth.Role;
import java.time.Instant;
import java.util.List;

/** The rows the store hands out: plain values, no database types. */
public final class StoreRecords {

    private StoreRecords() {
    }

    public record Workspace(String tenant, String name, Instant createdAt, String createdBy) {
    }

    public record Member(String userId, Role role, Instant addedAt) {
    }

    /** {@code sizeBytes}: the snapshot plus the not yet compacted updates. */
    public record Document(long id, DocumentKey key, Instant createdAt, String createdBy, Instant updatedAt, long sizeBytes) {
    }

    /** A document's stored state: the compacted snapshot (may be null) and the updates appended after it, in order. */
    public record State(byte[] snapshot, List<byte[]> updates) {
    }

    public record Version(long id, long documentId, String name, String message, String author, Instant createdAt, long sizeBytes) {
    }

    /** An account of the server's own password login: its password only as a hash (see {@code auth.Passwords}). */
    public record Account(String tenant, String user, String passwordHash, Role role) {
    }

    /** What an online backup wrote: a data folder a server starts from as it is. */
    public record Backup(java.nio.file.Path directory, int files, long bytes) {
    }

    /**
     * One entry of the audit log: who ({@code actor}, a user id) did what ({@code action}, the route's method and
     * path template) to which resource ({@code path}, with {@code workspace} where there is one), and how it ended
     * ({@code status}, the HTTP status the caller got). {@code id} orders the entries; 0 for one not yet stored.
     */
    public record AuditEntry(long id, Instant at, String tenant, String actor, String action, String workspace, String path,
            int status, String requestId) {

        /**
         * The status of a change's entry until its request is answered; one that keeps it names a request the server
         * stopped in the middle of, whose change may or may not have been made.
         */
        public static final int UNANSWERED = 0;
    }

    /** One update to append, for the group commit. */
    public record Append(long documentId, byte[] update) {
    }
}
