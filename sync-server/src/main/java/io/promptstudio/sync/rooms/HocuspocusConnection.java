package io.promptstudio.sync.rooms;

import io.promptstudio.sync.auth.AuthenticationException;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.auth.Role;
import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.ProtocolException;
import io.promptstudio.sync.protocol.SyncMessage;
import io.promptstudio.sync.storage.DocumentKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hocuspocus protocol: many documents on one connection, each frame prefixed by the document's name (its
 * "routing key", which newer providers suffix with {@code \0session}). Each document is authenticated by its own
 * token message; frames before it wait in a small queue, as Hocuspocus does. A token given at the handshake stands
 * in for an empty token message.
 */
public final class HocuspocusConnection extends ProtocolConnection {

    private static final Logger LOG = LoggerFactory.getLogger(HocuspocusConnection.class);
    static final int MAX_PENDING_DOCUMENTS = 32;
    static final int MAX_QUEUED_FRAMES = 64;

    private final Principal handshakePrincipal;
    private final Map<String, DocumentSession> sessions = new HashMap<>();
    private final Map<String, List<HocuspocusMessage>> pending = new HashMap<>();
    /** Documents being loaded for this connection, with the frames that came meanwhile. */
    private final Map<String, List<HocuspocusMessage>> joining = new HashMap<>();
    private String countedTenant;

    public HocuspocusConnection(Transport transport, SyncContext context, Principal handshakePrincipal, String requestId) {
        super(transport, context, requestId);
        this.handshakePrincipal = handshakePrincipal;
    }

    @Override
    void handle(byte[] frame) throws ProtocolException, RoomException {
        if (HocuspocusMessage.isKeepAlive(frame)) {
            if (frame[0] == HocuspocusMessage.PING) {
                transport.send(new byte[] {HocuspocusMessage.PONG});
            }
            return;
        }
        HocuspocusMessage message = HocuspocusMessage.decode(frame);
        String routingKey = message.documentName();
        DocumentSession session = sessions.get(routingKey);
        if (session != null) {
            dispatch(routingKey, session, message.body());
            return;
        }
        List<HocuspocusMessage> waiting = joining.get(routingKey);
        if (waiting != null) {
            if (waiting.size() >= MAX_QUEUED_FRAMES) {
                throw new ProtocolException(0, "more than " + MAX_QUEUED_FRAMES + " frames for '" + routingKey + "' while it loads");
            }
            waiting.add(message);
            return;
        }
        if (message.body() instanceof HocuspocusMessage.Token token) {
            authenticate(routingKey, token.token());
            return;
        }
        List<HocuspocusMessage> queue = pending.get(routingKey);
        if (queue == null) {
            if (pending.size() >= MAX_PENDING_DOCUMENTS) {
                throw new ProtocolException(0, "more than " + MAX_PENDING_DOCUMENTS + " documents waiting for a token");
            }
            queue = new ArrayList<>();
            pending.put(routingKey, queue);
        }
        if (queue.size() >= MAX_QUEUED_FRAMES) {
            throw new ProtocolException(0, "more than " + MAX_QUEUED_FRAMES + " frames for '" + routingKey + "' before its token");
        }
        queue.add(message);
    }

    private void authenticate(String routingKey, String token) throws ProtocolException, RoomException {
        List<HocuspocusMessage> queued = pending.remove(routingKey);
        Principal principal;
        try {
            principal = token.isEmpty() && handshakePrincipal != null ? handshakePrincipal : context.tokens().verify(token);
        } catch (AuthenticationException e) {
            context.metrics().authFailures.increment();
            LOG.atInfo().addKeyValue("requestId", requestId).addKeyValue("remote", transport.remoteAddress())
                    .addKeyValue("reason", e.getMessage()).log("token refused");
            deny(routingKey, "permission-denied: " + e.getMessage());
            return;
        }
        String documentName = documentName(routingKey);
        DocumentKey key;
        try {
            key = DocumentKey.parse(principal.tenant(), documentName);
        } catch (IllegalArgumentException e) {
            deny(routingKey, e.getMessage());
            return;
        }
        // the frames of this document wait in 'joining' while the membership is read and the document loads
        joining.put(routingKey, new ArrayList<>(queued == null ? List.of() : queued));
        Principal caller = principal;
        context.rooms().roleOfAsync(principal, key.workspace())
                .whenComplete((role, error) -> transport.execute(() -> authorized(routingKey, key, caller, role, error)));
    }

    /** Back on the connection's thread with the caller's role: deny, or join the document. */
    private void authorized(String routingKey, DocumentKey key, Principal principal, java.util.Optional<Role> found, Throwable failure) {
        if (isClosed()) {
            joining.remove(routingKey);
            return;
        }
        Role role = failure == null ? found.orElse(null) : null;
        if (role == null) {
            joining.remove(routingKey);
            deny(routingKey, failure != null ? "the membership cannot be read" : "document " + key.address() + " not found");
            return;
        }
        if (countedTenant == null) {
            if (!context.tenantConnections().tryOpen(principal.tenant())) {
                joining.remove(routingKey);
                deny(routingKey, "the tenant has its limit of " + context.limits().maxConnectionsPerTenant() + " connections");
                return;
            }
            countedTenant = principal.tenant();
        }
        DocumentSession session = new DocumentSession(role, dialect(routingKey), context.metrics(), requestId);
        session.join(context.rooms(), key, principal.userId())
                .whenComplete((ignored, error) -> transport.execute(() -> joined(routingKey, session, role, error)));
    }

    /** Back on the connection's thread once the document is loaded: serve it, then the frames that waited. */
    private void joined(String routingKey, DocumentSession session, Role role, Throwable error) {
        List<HocuspocusMessage> waiting = joining.remove(routingKey);
        if (isClosed()) {
            session.leave();
            return;
        }
        if (error != null) {
            deny(routingKey, joinFailure(error).getMessage());
            return;
        }
        sessions.put(routingKey, session);
        transport.send(new HocuspocusMessage(routingKey, new HocuspocusMessage.Authenticated(role.canWrite() ? "read-write" : "readonly")).encode());
        session.start(false);
        guarded(() -> {
            for (HocuspocusMessage message : waiting) {
                dispatch(routingKey, session, message.body());
            }
        });
    }

    private static String documentName(String routingKey) {
        int separator = routingKey.indexOf('\0');
        return separator < 0 ? routingKey : routingKey.substring(0, separator);
    }

    private void deny(String routingKey, String reason) {
        transport.send(new HocuspocusMessage(routingKey, new HocuspocusMessage.PermissionDenied(reason)).encode());
    }

    private void dispatch(String routingKey, DocumentSession session, HocuspocusMessage.Body body) throws ProtocolException, RoomException {
        switch (body) {
            case HocuspocusMessage.Sync sync -> session.onSync(sync.message(), !sync.reply());
            case HocuspocusMessage.Awareness awareness -> session.onAwareness(awareness.update());
            case HocuspocusMessage.QueryAwareness query -> session.onQueryAwareness();
            case HocuspocusMessage.Stateless stateless -> session.onStateless(stateless.payload());
            case HocuspocusMessage.Close close -> {
                sessions.remove(routingKey);
                session.leave();
            }
            case HocuspocusMessage.Token token -> {
                // Providers re-send their token after a reconnect race; the document is authenticated already.
            }
            case HocuspocusMessage.BroadcastStateless broadcast -> throw new ProtocolException(0, "BroadcastStateless is server-internal");
            case HocuspocusMessage.PermissionDenied denied -> throw new ProtocolException(0, "clients do not send permission-denied");
            case HocuspocusMessage.Authenticated authenticated -> throw new ProtocolException(0, "clients do not send authenticated");
            case HocuspocusMessage.SyncStatus status -> throw new ProtocolException(0, "clients do not send sync status");
        }
    }

    @Override
    void leaveAll() {
        sessions.values().forEach(DocumentSession::leave);
        sessions.clear();
        pending.clear();
        joining.clear();
        if (countedTenant != null) {
            context.tenantConnections().release(countedTenant);
        }
    }

    private Dialect dialect(String routingKey) {
        return new Dialect() {
            @Override
            public void sync(SyncMessage message) {
                transport.send(new HocuspocusMessage(routingKey, new HocuspocusMessage.Sync(message)).encode());
            }

            @Override
            public void update(byte[] update, java.util.Map<String, byte[]> frames) {
                transport.send(frames.computeIfAbsent("h:" + routingKey,
                        k -> new HocuspocusMessage(routingKey, new HocuspocusMessage.Sync(new SyncMessage.Update(update))).encode()));
            }

            @Override
            public void awareness(byte[] update) {
                transport.send(new HocuspocusMessage(routingKey, new HocuspocusMessage.Awareness(update)).encode());
            }

            @Override
            public void stateless(String payload) {
                transport.send(new HocuspocusMessage(routingKey, new HocuspocusMessage.Stateless(payload)).encode());
            }

            @Override
            public void syncStatus(boolean stored) {
                transport.send(new HocuspocusMessage(routingKey, new HocuspocusMessage.SyncStatus(stored)).encode());
            }

            @Override
            public void permissionDenied(String reason) {
                // Hocuspocus reports read-only by the "readonly" scope and a false sync status; nothing more to send.
            }

            @Override
            public void closeDocument(String reason) {
                transport.send(new HocuspocusMessage(routingKey, new HocuspocusMessage.Close(reason)).encode());
            }
        };
    }

    /** Hocuspocus providers reconnect after 30 s without a message; its one-byte ping keeps them. */
    @Override
    public byte[] keepAliveMessage() {
        return new byte[] {HocuspocusMessage.PING};
    }
}
