package io.promptstudio.sync.rooms;

import io.promptstudio.crdt.Doc;
import io.promptstudio.sync.Limits;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.storage.DocumentKey;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.GroupCommitLog;
import io.promptstudio.sync.storage.StoreRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents held in memory. Joining loads a document from the store (creating it for writers), leaving the
 * last member unloads it after a grace period — compacted first, so the next load reads one snapshot. Roles are
 * resolved here: a membership stored on the server wins over the token's role.
 */
public final class RoomRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);
    /** The action of a viewer's refused write in the audit log. */
    public static final String REFUSED_WRITE_ACTION = "WEBSOCKET update";

    private final DocumentStore store;
    private final GroupCommitLog log;
    private final Limits limits;
    private final Duration unloadAfter;
    private final ServerMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final java.util.concurrent.ExecutorService loader = java.util.concurrent.Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("document-loader-", 1).daemon(true).factory());
    private final Map<DocumentKey, Room> rooms = new HashMap<>();
    private final Map<DocumentKey, CompletableFuture<Room>> loading = new HashMap<>();

    public RoomRegistry(DocumentStore store, GroupCommitLog log, Limits limits, Duration unloadAfter, ServerMetrics metrics,
            ScheduledExecutorService scheduler) {
        this.store = store;
        this.log = log;
        this.limits = limits;
        this.unloadAfter = unloadAfter;
        this.metrics = metrics;
        this.scheduler = scheduler;
        metrics.documentsLoaded(this::loadedCount);
        scheduler.scheduleAtFixedRate(this::sweepPresence, 5, 5, TimeUnit.SECONDS);
    }

    public DocumentStore store() {
        return store;
    }

    public Limits limits() {
        return limits;
    }

    /** The caller's role in a workspace: the stored membership, else the token's grant; empty means no access. */
    public Optional<Role> roleOf(Principal principal, String workspace) {
        Optional<Role> member = store.memberRole(principal.tenant(), workspace, principal.userId());
        return member.isPresent() ? member : principal.tokenRoleIn(workspace);
    }

    /** {@link #roleOf} on the loader threads: the membership is a database read, which no network thread waits for. */
    public CompletableFuture<Optional<Role>> roleOfAsync(Principal principal, String workspace) {
        return CompletableFuture.supplyAsync(() -> roleOf(principal, workspace), loader);
    }

    /**
     * A viewer's refused write in the tenant's audit log (once per document session: a client that keeps sending
     * gets the refusal each time, counted in the metrics), written on a loader thread, not the network's.
     */
    void auditRefusedWrite(DocumentKey key, String userId, String requestId) {
        loader.execute(() -> {
            try {
                store.recordAudit(new StoreRecords.AuditEntry(0, null, key.tenant(), userId,
                        REFUSED_WRITE_ACTION, key.workspace(), key.address(), 403, requestId));
            } catch (RuntimeException e) {
                LOG.atError().setCause(e).addKeyValue("document", key).log("audit entry not written");
            }
        });
    }

    /** {@link #join} on the loader threads, so that no network thread waits for the database. */
    CompletableFuture<Room> joinAsync(DocumentKey key, Role role, String userId, RoomMember member) {
        synchronized (this) {
            Room room = rooms.get(key);
            if (room != null) {
                room.add(member);
                return CompletableFuture.completedFuture(room);
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return join(key, role, userId, member);
            } catch (RoomException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, loader);
    }

    /**
     * Joins a document, loading or creating it.
     *
     * @throws RoomException NOT_FOUND when it does not exist and the role cannot create it (and for every name
     *                       the caller has no role for, so that names of other workspaces reveal nothing); LIMIT when
     *                       the tenant has all the documents it may have
     */
    Room join(DocumentKey key, Role role, String userId, RoomMember member) throws RoomException {
        while (true) {
            CompletableFuture<Room> pending;
            boolean mine = false;
            synchronized (this) {
                Room room = rooms.get(key);
                if (room != null) {
                    room.add(member);
                    return room;
                }
                pending = loading.get(key);
                if (pending == null) {
                    pending = new CompletableFuture<>();
                    loading.put(key, pending);
                    mine = true;
                }
            }
            if (!mine) {
                // Another connection is loading it: wait, then look again (its role may not have allowed creating it).
                pending.handle((room, error) -> null).join();
                continue;
            }
            // Loading reads the database and the log outside the registry's lock, so other documents are not held up.
            try {
                Room room = load(key, role, userId);
                synchronized (this) {
                    loading.remove(key);
                    rooms.put(key, room);
                    room.add(member);
                }
                pending.complete(room);
                return room;
            } catch (RoomException | RuntimeException e) {
                synchronized (this) {
                    loading.remove(key);
                }
                pending.completeExceptionally(e);
                throw e;
            }
        }
    }

    private Room load(DocumentKey key, Role role, String userId) throws RoomException {
        Optional<StoreRecords.Document> stored = store.document(key);
        if (stored.isEmpty()) {
            if (!role.canWrite()) {
                throw new RoomException(RoomException.Kind.NOT_FOUND, "document " + key.address() + " not found");
            }
            if (store.documentCount(key.tenant()) >= limits.maxDocumentsPerTenant()) {
                throw new RoomException(RoomException.Kind.LIMIT, "the tenant has its limit of "
                        + limits.maxDocumentsPerTenant() + " documents");
            }
            if (store.workspace(key.tenant(), key.workspace()).isEmpty()) {
                store.createWorkspace(key.tenant(), key.workspace(), userId);
            }
            stored = store.createDocument(key, userId).or(() -> store.document(key));
        }
        StoreRecords.Document document = stored.orElseThrow();
        StoreRecords.State state = storedState(document.id());
        // A fresh random client id per load: the server's own edits (restores) must never reuse a client's id.
        Doc doc = new Doc();
        try {
            if (state.snapshot() != null) {
                doc.applyUpdate(state.snapshot());
            }
            state.updates().forEach(doc::applyUpdate);
        } catch (RuntimeException e) {
            doc.close();
            LOG.atError().setCause(e).addKeyValue("document", key).log("stored state does not load");
            throw new RoomException(RoomException.Kind.STORAGE, "document " + key.address() + " cannot be loaded");
        }
        log.noteLoaded(document.id(), state.updates().size());
        LOG.atDebug().addKeyValue("document", key).addKeyValue("updates", state.updates().size()).log("loaded");
        return new Room(key, document.id(), doc, document.sizeBytes(), limits.maxDocumentBytes(), log, metrics,
                this::scheduleUnload, this::drop);
    }

    /** A document's stored state, read on the storage writer so that no compaction runs under the read. */
    public StoreRecords.State storedState(long documentId) {
        try {
            return log.read(() -> store.load(documentId)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** The loaded room of a document, if any. */
    public synchronized Optional<Room> loaded(DocumentKey key) {
        return Optional.ofNullable(rooms.get(key));
    }

    /**
     * Runs {@code work} on the document's room, loading it for the duration when nobody has it open (REST writes
     * such as a version restore go through the same path as a client's edit).
     */
    public <T> T withRoom(DocumentKey key, Role role, String userId, RoomWork<T> work) throws RoomException {
        RoomMember server = new RoomMember() {
            @Override
            public void deliverUpdate(byte[] update, Map<String, byte[]> frames) {
            }

            @Override
            public void deliverAwareness(byte[] awarenessUpdate) {
            }

            @Override
            public void deliverStateless(String payload) {
            }

            @Override
            public void evicted(String reason) {
            }
        };
        Room room = join(key, role, userId, server);
        try {
            return work.run(room);
        } finally {
            room.leave(server);
        }
    }

    /** What {@link #withRoom} runs. */
    public interface RoomWork<T> {
        T run(Room room) throws RoomException;
    }

    private void scheduleUnload(Room room) {
        scheduler.schedule(() -> unloadIfIdle(room), unloadAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void unloadIfIdle(Room room) {
        synchronized (this) {
            if (!room.isEmpty() || rooms.get(room.key()) != room) {
                return;
            }
            rooms.remove(room.key());
            // Queued under the lock: a join that reloads the document queues its read after this compaction.
            log.compactNow(room.documentId()).whenComplete((ignored, error) -> room.closeDocument());
        }
        LOG.atDebug().addKeyValue("document", room.key()).log("unloaded");
    }

    private synchronized void drop(Room room) {
        rooms.remove(room.key(), room);
        scheduler.execute(room::closeDocument);
    }

    /** Deletes a document: its connections are closed, then it is deleted on the storage writer, after its queued edits. */
    public boolean deleteDocument(DocumentKey key) {
        evict(key, "the document was deleted");
        return log.read(() -> store.deleteDocument(key)).join();
    }

    /** Deletes a workspace with its documents, the same way. */
    public boolean deleteWorkspace(String tenant, String workspace) {
        for (StoreRecords.Document document : store.documents(tenant, workspace)) {
            evict(document.key(), "the workspace was deleted");
        }
        return log.read(() -> store.deleteWorkspace(tenant, workspace)).join();
    }

    /** Closes a deleted document's connections and forgets it. */
    public void evict(DocumentKey key, String reason) {
        Room room;
        synchronized (this) {
            room = rooms.remove(key);
        }
        if (room != null) {
            room.evictAll(reason);
            log.flush().whenComplete((ignored, error) -> room.closeDocument());
        }
    }

    public synchronized int loadedCount() {
        return rooms.size();
    }

    private void sweepPresence() {
        List<Room> loaded;
        synchronized (this) {
            loaded = List.copyOf(rooms.values());
        }
        long now = System.currentTimeMillis();
        loaded.forEach(room -> room.sweepPresence(now));
    }

    /** Waits for every queued update to be committed, then frees the documents. */
    @Override
    public void close() {
        loader.shutdownNow();
        log.flush().join();
        List<Room> loaded;
        synchronized (this) {
            loaded = List.copyOf(rooms.values());
            rooms.clear();
        }
        loaded.forEach(Room::closeDocument);
    }
}
