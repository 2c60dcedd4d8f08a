package io.promptstudio.sync.rooms;

import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.protocol.ProtocolException;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.storage.DocumentKey;

/**
 * One document on one connection, independent of the framing: the sync handshake, updates (refused for viewers,
 * acknowledged once stored), presence and stateless messages.
 */
final class DocumentSession implements RoomMember {

    private static final byte[] EMPTY_UPDATE = {0, 0};

    private Room room;
    private final Role role;
    private final Dialect out;
    private final ServerMetrics metrics;
    private final String requestId;
    private boolean toldReadOnly;
    private volatile boolean closed;
    private RoomRegistry rooms;
    private DocumentKey key;
    private String userId;

    /** @param requestId the connection's handshake request, named by the audit entry of a refused write */
    DocumentSession(Role role, Dialect out, ServerMetrics metrics, String requestId) {
        this.role = role;
        this.out = out;
        this.metrics = metrics;
        this.requestId = requestId;
    }

    /**
     * Joins the document off the network thread (loading it may read the database); deliveries may start
     * before the future completes.
     */
    java.util.concurrent.CompletableFuture<Void> join(RoomRegistry rooms, DocumentKey key, String userId) {
        this.rooms = rooms;
        this.key = key;
        this.userId = userId;
        return rooms.joinAsync(key, role, userId, this).thenAccept(joined -> room = joined);
    }

    Role role() {
        return role;
    }

    /**
     * Starts serving: y-websocket servers send their state vector at once (so the client sends what the server
     * lacks); Hocuspocus sends it in answer to the client's step 1. Either way the present clients are told.
     */
    void start(boolean sendStep1) {
        if (sendStep1) {
            out.sync(new SyncMessage.Step1(room.stateVector()));
        }
        byte[] presence = room.presence();
        if (presence != null) {
            out.awareness(presence);
        }
    }

    /** @param answerWithStep1 whether a client's step 1 is answered with the server's own step 1 too (Hocuspocus) */
    void onSync(SyncMessage message, boolean answerWithStep1) throws ProtocolException, RoomException {
        switch (message) {
            case SyncMessage.Step1 step1 -> {
                if (answerWithStep1) {
                    out.sync(new SyncMessage.Step1(room.stateVector()));
                }
                out.sync(new SyncMessage.Step2(room.missingFor(step1.stateVector())));
            }
            case SyncMessage.Step2 step2 -> write(step2.update());
            case SyncMessage.Update update -> write(update.update());
        }
    }

    private void write(byte[] update) throws ProtocolException, RoomException {
        if (!role.canWrite()) {
            metrics.updatesRefused.increment();
            out.syncStatus(false);
            if (!toldReadOnly) {
                toldReadOnly = true;
                out.permissionDenied("read-only: your role in this workspace is viewer");
                rooms.auditRefusedWrite(key, userId, requestId);
            }
            return;
        }
        if (java.util.Arrays.equals(update, EMPTY_UPDATE)) {
            out.syncStatus(true);
            return;
        }
        room.apply(this, update).whenComplete((ignored, error) -> {
            if (error == null && !closed) {
                out.syncStatus(true);
            }
        });
    }

    void onAwareness(byte[] update) throws ProtocolException {
        room.awareness(this, update);
    }

    void onQueryAwareness() {
        byte[] presence = room.presence();
        if (presence != null) {
            out.awareness(presence);
        }
    }

    void onStateless(String payload) {
        if (role.canWrite()) {
            room.relayStateless(this, payload);
        }
    }

    void leave() {
        closed = true;
        if (room != null) {
            room.leave(this);
        }
    }

    @Override
    public void deliverUpdate(byte[] update, java.util.Map<String, byte[]> frames) {
        if (!closed) {
            out.update(update, frames);
        }
    }

    @Override
    public void deliverAwareness(byte[] awarenessUpdate) {
        if (!closed) {
            out.awareness(awarenessUpdate);
        }
    }

    @Override
    public void deliverStateless(String payload) {
        if (!closed) {
            out.stateless(payload);
        }
    }

    @Override
    public void evicted(String reason) {
        closed = true;
        out.closeDocument(reason);
    }
}
