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

    public YWebsocketConnection(Transport transport, SyncContext context, Principal principal, DocumentKey key) {
        super(transport, context);
        this.principal = principal;
        this.key = key;
    }

    /** Joins the document and sends the server's step 1; refusals close with the reason. */
    public void open() {
        Role role = context.rooms().roleOf(principal, key.workspace()).orElse(null);
        if (role == null) {
            // The same answer as for a missing document: names in other workspaces reveal nothing.
            refuse(CloseCodes.NOT_FOUND, "document " + key.address() + " not found");
            return;
        }
        if (!context.tenantConnections().tryOpen(principal.tenant())) {
            refuse(CloseCodes.LIMIT, "the tenant has its limit of " + context.limits().maxConnectionsPerTenant() + " connections");
            return;
        }
        DocumentSession joining = new DocumentSession(role, dialect(), context.metrics());
        try {
            joining.join(context.rooms(), key, principal.userId());
        } catch (RoomException e) {
            context.tenantConnections().release(principal.tenant());
            refuse(CloseCodes.of(e.kind()), e.getMessage());
            return;
        }
        session = joining;
        session.start(true);
    }

    private void refuse(int code, String reason) {
        transport.send(new YMessage.PermissionDenied(reason).encode());
        close(code, reason);
    }

    @Override
    void handle(byte[] frame) throws ProtocolException, RoomException {
        if (session == null) {
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
