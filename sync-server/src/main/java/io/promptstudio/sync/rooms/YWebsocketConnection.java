package io.promptstudio.sync.rooms;

import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.protocol.ProtocolException;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.protocol.YMessage;
import io.promptstudio.sync.storage.DocumentKey;

/**
 * The plain y-websocket protocol: one document per connection, named by the URL path, authenticated at the
 * handshake (bearer header or {@code token} query parameter).
 */
public final class YWebsocketConnection extends ProtocolConnection {

    private final DocumentKey key;
    private final Principal principal;
    private DocumentSession session;
    /** Frames that came before the document was served (also before {@link #open}); null once it is served. */
    private java.util.List<byte[]> waiting = new java.util.ArrayList<>();

    private final int refusalCode;
    private final String refusal;

    public YWebsocketConnection(Transport transport, SyncContext context, Principal principal, DocumentKey key, String requestId) {
        this(transport, context, principal, key, requestId, 0, null);
    }

    private YWebsocketConnection(Transport transport, SyncContext context, Principal principal, DocumentKey key, String requestId,
            int refusalCode, String refusal) {
        super(transport, context, requestId);
        this.principal = principal;
        this.key = key;
        this.refusalCode = refusalCode;
        this.refusal = refusal;
    }

    /** A connection refused at the handshake (no or bad token, a bad address): {@link #open} tells the client why. */
    public static YWebsocketConnection refused(Transport transport, SyncContext context, String requestId, int code, String reason) {
        return new YWebsocketConnection(transport, context, null, null, requestId, code, reason);
    }

    /** Joins the document and sends the server's step 1; refusals close with the reason. */
    public void open() {
        if (refusal != null) {
            waiting = null;
            refuse(refusalCode, refusal);
            return;
        }
        // frames that arrive meanwhile wait in 'waiting', as they do while the document loads
        context.rooms().roleOfAsync(principal, key.workspace())
                .whenComplete((role, error) -> transport.execute(() -> authorized(role, error)));
    }

    /** Back on the connection's thread with the caller's role: refuse, or join the document. */
    private void authorized(java.util.Optional<Role> found, Throwable failure) {
        if (isClosed()) {
            return;
        }
        if (failure != null) {
            waiting = null;
            refuse(CloseCodes.INTERNAL_ERROR, "the membership cannot be read");
            return;
        }
        Role role = found.orElse(null);
        if (role == null) {
            waiting = null;
            // The same answer as for a missing document: names in other workspaces reveal nothing.
            refuse(CloseCodes.NOT_FOUND, "document " + key.address() + " not found");
            return;
        }
        if (!context.tenantConnections().tryOpen(principal.tenant())) {
            waiting = null;
            refuse(CloseCodes.LIMIT, "the tenant has its limit of " + context.limits().maxConnectionsPerTenant() + " connections");
            return;
        }
        DocumentSession joining = new DocumentSession(role, dialect(), context.metrics(), requestId);
        joining.join(context.rooms(), key, principal.userId())
                .whenComplete((ignored, error) -> transport.execute(() -> joined(joining, error)));
    }

    /** Back on the connection's thread once the document is loaded: step 1, then the frames that waited. */
    private void joined(DocumentSession joining, Throwable error) {
        java.util.List<byte[]> frames = waiting;
        waiting = null;
        if (isClosed()) {
            joining.leave();
            context.tenantConnections().release(principal.tenant());
            return;
        }
        if (error != null) {
            context.tenantConnections().release(principal.tenant());
            RoomException failure = joinFailure(error);
            refuse(CloseCodes.of(failure.kind()), failure.getMessage());
            return;
        }
        session = joining;
        session.start(true);
        guarded(() -> {
            for (byte[] frame : frames) {
                handle(frame);
            }
        });
    }

    private void refuse(int code, String reason) {
        transport.send(new YMessage.PermissionDenied(reason).encode());
        close(code, reason);
    }

    @Override
    void handle(byte[] frame) throws ProtocolException, RoomException {
        if (session == null) {
            if (waiting != null) {
                if (waiting.size() >= 64) {
                    throw new ProtocolException(0, "more than 64 frames while the document loads");
                }
                waiting.add(frame);
            }
            return;
        }
        switch (YMessage.decode(frame)) {
            case YMessage.Sync sync -> session.onSync(sync.message(), false);
            case YMessage.Awareness awareness -> session.onAwareness(awareness.update());
            case YMessage.QueryAwareness query -> session.onQueryAwareness();
            case YMessage.PermissionDenied denied -> throw new ProtocolException(0, "clients do not send auth messages");
        }
    }

    @Override
    void leaveAll() {
        if (session != null) {
            session.leave();
            context.tenantConnections().release(principal.tenant());
        }
        // A connection closed while its document loads is released when the load completes.
    }

    private Dialect dialect() {
        return new Dialect() {
            @Override
            public void sync(SyncMessage message) {
                transport.send(new YMessage.Sync(message).encode());
            }

            @Override
            public void update(byte[] update, java.util.Map<String, byte[]> frames) {
                transport.send(frames.computeIfAbsent("y", k -> new YMessage.Sync(new SyncMessage.Update(update)).encode()));
            }

            @Override
            public void awareness(byte[] update) {
                transport.send(new YMessage.Awareness(update).encode());
            }

            @Override
            public void stateless(String payload) {
            }

            @Override
            public void syncStatus(boolean stored) {
            }

            @Override
            public void permissionDenied(String reason) {
                transport.send(new YMessage.PermissionDenied(reason).encode());
            }

            @Override
            public void closeDocument(String reason) {
                close(CloseCodes.GOING_AWAY, reason);
            }
        };
    }
}
