package io.promptstudio.sync.rooms;

import io.promptstudio.crdt.Doc;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.protocol.Awareness;
import io.promptstudio.sync.protocol.AwarenessUpdate;
import io.promptstudio.sync.protocol.ProtocolException;
import io.promptstudio.sync.storage.DocumentKey;
import io.promptstudio.sync.storage.GroupCommitLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One loaded document and the connections editing it. An update is applied to the in-memory document (which
 * validates it), appended to the log, and only once committed acknowledged and broadcast; commits complete in
 * queue order, so every member sees updates in the order they were stored. Presence (awareness) is relayed as it
 * comes and each member's clients are removed when it leaves.
 */
public final class Room {

    private final DocumentKey key;
    private final long documentId;
    private final Doc doc;
    private final GroupCommitLog log;
    private final ServerMetrics metrics;
    private final long maxBytes;
    private final Consumer<Room> becameEmpty;
    private final Consumer<Room> failed;
    private final Awareness awareness = new Awareness();
    private final Map<RoomMember, Set<Long>> members = new LinkedHashMap<>();
    private long sizeBytes;
    private boolean broken;

    Room(DocumentKey key, long documentId, Doc doc, long sizeBytes, long maxBytes, GroupCommitLog log, ServerMetrics metrics,
            Consumer<Room> becameEmpty, Consumer<Room> failed) {
        this.key = key;
        this.documentId = documentId;
        this.doc = doc;
        this.sizeBytes = sizeBytes;
        this.maxBytes = maxBytes;
        this.log = log;
        this.metrics = metrics;
        this.becameEmpty = becameEmpty;
        this.failed = failed;
    }

    public DocumentKey key() {
        return key;
    }

    public long documentId() {
        return documentId;
    }

    synchronized void add(RoomMember member) {
        members.putIfAbsent(member, new HashSet<>());
    }

    public synchronized byte[] stateVector() {
        return doc.stateVector();
    }

    /**
     * What a peer with this state vector lacks.
     *
     * @throws ProtocolException when the bytes are not a state vector
     */
    public synchronized byte[] missingFor(byte[] stateVector) throws ProtocolException {
        try {
            return doc.encodeStateAsUpdate(stateVector);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(0, "not a Yjs state vector: " + e.getMessage());
        }
    }

    public synchronized byte[] fullState() {
        return doc.encodeStateAsUpdate();
    }

    /**
     * Applies and stores an update from {@code from} (null for the server itself, such as a version restore);
     * the future completes once it is committed and was broadcast to the other members.
     *
     * @throws ProtocolException when the bytes are not a Yjs update
     * @throws RoomException     when the document would outgrow its limit or the room failed
     */
    public CompletableFuture<Void> apply(RoomMember from, byte[] update) throws ProtocolException, RoomException {
        CompletableFuture<Void> committed;
        synchronized (this) {
            if (broken) {
                throw new RoomException(RoomException.Kind.STORAGE, "the document is being reloaded after a storage failure");
            }
            if (sizeBytes + update.length > maxBytes) {
                metrics.updatesRefused.increment();
                throw new RoomException(RoomException.Kind.LIMIT, "document " + key.address() + " would exceed its limit of "
                        + maxBytes + " bytes");
            }
            try {
                doc.applyUpdate(update);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(0, "not a Yjs update: " + e.getMessage());
            }
            committed = append(update);
            if (storedHere(committed)) {
                return broadcastWhenCommitted(from, update, committed);
            }
        }
        return broadcastWhenCommitted(from, update, committed);
    }

    /**
     * Whether this thread stored the update (the log writes on the caller's thread without group commits): then
     * it is broadcast before the lock is released, so that two threads' edits reach every member in stored order.
     * A failure is handled after the lock is released, since dropping the room takes the registry's lock.
     */
    private static boolean storedHere(CompletableFuture<Void> committed) {
        return committed.isDone() && !committed.isCompletedExceptionally();
    }

    /**
     * Makes a change on the server's own behalf (a version restore) with {@code change}, which returns the
     * transaction's update; stored and broadcast to every member like a client's edit.
     */
    public CompletableFuture<Void> edit(java.util.function.Function<Doc, byte[]> change) throws RoomException {
        byte[] update;
        CompletableFuture<Void> committed;
        synchronized (this) {
            if (broken) {
                throw new RoomException(RoomException.Kind.STORAGE, "the document is being reloaded after a storage failure");
            }
            update = change.apply(doc);
            if (update.length == 2 && update[0] == 0 && update[1] == 0) {
                return CompletableFuture.completedFuture(null);
            }
            committed = append(update);
            if (storedHere(committed)) {
                return broadcastWhenCommitted(null, update, committed);
            }
        }
        return broadcastWhenCommitted(null, update, committed);
    }

    private CompletableFuture<Void> append(byte[] update) {
        sizeBytes += update.length;
        return log.append(documentId, update);
    }

    private CompletableFuture<Void> broadcastWhenCommitted(RoomMember from, byte[] update, CompletableFuture<Void> committed) {
        // Completion runs in commit order (on the storage writer, or under this room's lock), which keeps every
        // member's order the stored one.
        return committed.whenComplete((ignored, error) -> {
            if (error != null) {
                metrics.updatesRefused.increment();
                fail();
                return;
            }
            metrics.updatesReceived.increment();
            List<RoomMember> others = othersThan(from);
            java.util.Map<String, byte[]> frames = new java.util.HashMap<>(4);
            for (RoomMember member : others) {
                member.deliverUpdate(update, frames);
            }
            metrics.updatesDelivered.add(others.size());
        });
    }

    /** Storage lost an update that the in-memory document has: drop the room so the next join reloads what is stored. */
    private void fail() {
        List<RoomMember> evicted;
        synchronized (this) {
            if (broken) {
                return;
            }
            broken = true;
            evicted = new ArrayList<>(members.keySet());
            members.clear();
        }
        failed.accept(this);
        evicted.forEach(member -> member.evicted("storage failed; reconnect to resend your changes"));
    }

    /** Applies a presence update of {@code from} and relays it to the others. */
    public void awareness(RoomMember from, byte[] update) throws ProtocolException {
        AwarenessUpdate decoded = AwarenessUpdate.decode(update);
        List<RoomMember> others;
        synchronized (this) {
            awareness.apply(decoded, System.currentTimeMillis());
            Set<Long> clients = members.get(from);
            if (clients != null) {
                for (AwarenessUpdate.Entry entry : decoded.entries()) {
                    if (entry.removed()) {
                        clients.remove(entry.clientId());
                    } else {
                        clients.add(entry.clientId());
                    }
                }
            }
            others = othersThanLocked(from);
        }
        others.forEach(member -> member.deliverAwareness(update));
    }

    /** All present clients' states as one awareness update, or null when nobody is present. */
    public synchronized byte[] presence() {
        if (awareness.states().isEmpty()) {
            return null;
        }
        return awareness.encode(new ArrayList<>(awareness.states().keySet())).encode();
    }

    public void relayStateless(RoomMember from, String payload) {
        othersThan(from).forEach(member -> member.deliverStateless(payload));
    }

    /** Removes a member and its presence; tells the others its clients left. */
    public void leave(RoomMember member) {
        byte[] removal = null;
        List<RoomMember> others;
        boolean empty;
        synchronized (this) {
            Set<Long> clients = members.remove(member);
            if (clients == null) {
                return;
            }
            List<Long> present = clients.stream().filter(awareness.states()::containsKey).toList();
            if (!present.isEmpty()) {
                removal = awareness.remove(present, System.currentTimeMillis()).encode();
            }
            others = new ArrayList<>(members.keySet());
            empty = members.isEmpty();
        }
        if (removal != null) {
            byte[] update = removal;
            others.forEach(other -> other.deliverAwareness(update));
        }
        if (empty) {
            becameEmpty.accept(this);
        }
    }

    /** Drops clients not heard from for 30 s and tells the members. */
    void sweepPresence(long now) {
        byte[] removal;
        List<RoomMember> everyone;
        synchronized (this) {
            AwarenessUpdate outdated = awareness.removeOutdated(now);
            if (outdated.entries().isEmpty()) {
                return;
            }
            removal = outdated.encode();
            everyone = new ArrayList<>(members.keySet());
        }
        everyone.forEach(member -> member.deliverAwareness(removal));
    }

    /** Tells every member the document is gone and forgets them. */
    void evictAll(String reason) {
        List<RoomMember> evicted;
        synchronized (this) {
            broken = true;
            evicted = new ArrayList<>(members.keySet());
            members.clear();
        }
        evicted.forEach(member -> member.evicted(reason));
    }

    synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    synchronized void closeDocument() {
        doc.close();
    }

    private synchronized List<RoomMember> othersThan(RoomMember from) {
        return othersThanLocked(from);
    }

    private List<RoomMember> othersThanLocked(RoomMember from) {
        List<RoomMember> others = new ArrayList<>(members.size());
        for (RoomMember member : members.keySet()) {
            if (member != from) {
                others.add(member);
            }
        }
        return others;
    }
}
