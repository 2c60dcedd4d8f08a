package io.promptstudio.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.UndoManager;
import io.promptstudio.sync.protocol.Awareness;
import io.promptstudio.sync.protocol.AwarenessUpdate;
import io.promptstudio.sync.protocol.ProtocolException;
import io.promptstudio.sync.protocol.SyncMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * One prompt file shared through a sync server: a Yjs document whose {@code Y.Text "source"} holds the file's
 * text, kept on disk ({@link LocalState}) so that it can be edited offline, plus the presence of the others.
 *
 * <p>Every change to the document — local edits and the server's updates — runs on one thread, the document's
 * {@code executor} (the workbench passes its display thread), so that an editor bound to it never sees the text
 * change under its feet. Local edits carry this document's origin, so {@link #undo()} undoes only them.
 */
public final class SharedDocument implements AutoCloseable {

    /** The shared text a prompt file lives in (the sync server's REST API reads the same one). */
    public static final String TEXT = "source";
    static final String LOCAL_ORIGIN = "local";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told what happened to the document; called on the document's executor. */
    public interface Listener {
        /** The text changed by someone else (a Yjs text delta, {@code [{"retain":3},{"insert":"x"}]}). */
        default void remoteTextChange(String deltaJson) {
        }

        default void presenceChanged(List<Collaborator> collaborators) {
        }

        /** Synced with the server (true), or changes are waiting to be acknowledged (false). */
        default void syncChanged(boolean synced) {
        }

        /** The server refused this document (token, role, limits); the reason is for the user. */
        default void refused(String reason) {
        }
    }

    private final String name;
    private final Doc doc = new Doc();
    private final LocalState local;
    private final Executor executor;
    private final CollabClient client;
    private final UndoManager undo;
    private final Awareness awareness = new Awareness();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Boolean> applyingRemote = ThreadLocal.withInitial(() -> false);
    private final ThreadLocal<Boolean> editing = ThreadLocal.withInitial(() -> false);
    private final String userName;
    private final String color;
    private long presenceClock;
    private volatile String scope;
    private volatile boolean serverSynced;
    /** Changes sent and not yet acknowledged; counted from the executor and the connection's thread. */
    private final java.util.concurrent.atomic.AtomicInteger unacknowledged = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String refusal;

    SharedDocument(CollabClient client, String name, LocalState local, List<byte[]> stored, Executor executor, String userName, String color) {
        this.client = client;
        this.name = name;
        this.local = local;
        this.executor = executor;
        this.userName = userName;
        this.color = color;
        for (byte[] update : stored) {
            doc.applyUpdate(update);
        }
        this.undo = doc.undoManager(LOCAL_ORIGIN, 500, TEXT);
        doc.onUpdate(this::changed);
        // Everything but the editor's own edits reaches the editor: remote updates, and undo and redo steps.
        doc.observeText(TEXT, (delta, origin) -> {
            if (!editing.get()) {
                listeners.forEach(listener -> listener.remoteTextChange(delta));
            }
        });
    }

    public String name() {
        return name;
    }

    /** The file's text now. */
    public String text() {
        return doc.text(TEXT).toString();
    }

    /** The underlying document, for reads (changes go through {@link #edit}). */
    public Doc doc() {
        return doc;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** "read-write", "readonly", or null before the server answered. */
    public String scope() {
        return scope;
    }

    public String refusal() {
        return refusal;
    }

    /** Whether the server has everything of this document and this side has everything of the server's. */
    public boolean isSynced() {
        return serverSynced && unacknowledged.get() == 0;
    }

    /**
     * A local edit (from the editor): delete {@code length} UTF-16 units at {@code offset}, then insert
     * {@code text} there — one transaction, one undo step with edits close in time. Call on the executor's thread.
     */
    public void edit(int offset, int length, String text) {
        editing.set(true);
        try {
            doc.transact(LOCAL_ORIGIN, txn -> {
                if (length > 0) {
                    txn.delete(TEXT, offset, length);
                }
                if (!text.isEmpty()) {
                    txn.insert(TEXT, offset, text);
                }
            });
        } finally {
            editing.set(false);
        }
    }

    /** Undoes this side's last edit step (never the others'); false when there is none. */
    public boolean undo() {
        return undo.undo().isPresent();
    }

    public boolean redo() {
        return undo.redo().isPresent();
    }

    /** Tells the others where this user's selection is (offsets into the text; anchor = head for a caret). */
    public void setSelection(int anchor, int head) {
        ObjectNode state = JSON.createObjectNode();
        state.putObject("user").put("name", userName).put("color", color);
        ObjectNode cursor = state.putObject("cursor");
        cursor.put("anchor", Base64.getEncoder().encodeToString(doc.text(TEXT).relativePosition(anchor, false)));
        cursor.put("head", Base64.getEncoder().encodeToString(doc.text(TEXT).relativePosition(head, false)));
        publishPresence(state.toString());
    }

    private synchronized void publishPresence(String stateJson) {
        presenceClock++;
        byte[] update = new AwarenessUpdate(List.of(new AwarenessUpdate.Entry(doc.clientId(), presenceClock, stateJson))).encode();
        client.sendAwareness(this, update);
    }

    /** Who else is here, with their selections resolved against the text now. */
    public List<Collaborator> collaborators() {
        List<Collaborator> result = new ArrayList<>();
        Map<Long, String> states;
        synchronized (awareness) {
            states = Map.copyOf(awareness.states());
        }
        for (var entry : states.entrySet()) {
            if (entry.getKey() == doc.clientId()) {
                continue;
            }
            try {
                JsonNode state = JSON.readTree(entry.getValue());
                JsonNode user = state.path("user");
                int anchor = resolve(state.path("cursor").path("anchor").asText(""));
                int head = resolve(state.path("cursor").path("head").asText(""));
                result.add(new Collaborator(entry.getKey(), user.path("name").asText("anonymous"), user.path("color").asText("#888888"),
                        anchor, head));
            } catch (IOException | RuntimeException malformed) {
                result.add(new Collaborator(entry.getKey(), "anonymous", "#888888", -1, -1));
            }
        }
        result.sort(java.util.Comparator.comparing(Collaborator::name).thenComparingLong(Collaborator::clientId));
        return result;
    }

    private int resolve(String base64) {
        if (base64.isEmpty()) {
            return -1;
        }
        try {
            return doc.resolve(Base64.getDecoder().decode(base64)).orElse(-1);
        } catch (IllegalArgumentException notAPosition) {
            return -1;
        }
    }

    // ---- what the client tells the document (on the client's thread; document changes move to the executor)

    /** Every change lands in the local file; local ones also go to the server. */
    private void changed(byte[] update) {
        try {
            local.append(update);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the change of " + name + " on disk (" + local.file() + ")", e);
        }
        if (!applyingRemote.get() && client.sendSync(this, new SyncMessage.Update(update))) {
            // Offline edits are not counted: the handshake on reconnect sends them, and that is acknowledged.
            unacknowledged.incrementAndGet();
            notifySync();
        }
    }

    byte[] stateVector() {
        return doc.stateVector();
    }

    void authenticated(String grantedScope) {
        scope = grantedScope;
        refusal = null;
    }

    void refusedByServer(String reason) {
        refusal = reason;
        executor.execute(() -> listeners.forEach(listener -> listener.refused(reason)));
    }

    /** The server's sync message; answers go back through the client. */
    void received(SyncMessage message) {
        switch (message) {
            case SyncMessage.Step1 step1 -> executor.execute(() -> {
                if (client.sendSync(this, new SyncMessage.Step2(doc.encodeStateAsUpdate(step1.stateVector())))) {
                    unacknowledged.incrementAndGet();
                }
            });
            case SyncMessage.Step2 step2 -> executor.execute(() -> {
                applyRemote(step2.update());
                serverSynced = true;
                notifySync();
            });
            case SyncMessage.Update update -> executor.execute(() -> applyRemote(update.update()));
        }
    }

    private void applyRemote(byte[] update) {
        applyingRemote.set(true);
        try {
            doc.applyUpdate(update);
        } finally {
            applyingRemote.set(false);
        }
    }

    void acknowledged(boolean stored) {
        executor.execute(() -> {
            if (stored) {
                unacknowledged.updateAndGet(count -> Math.max(0, count - 1));
            }
            notifySync();
        });
    }

    void presence(byte[] update) throws ProtocolException {
        AwarenessUpdate decoded = AwarenessUpdate.decode(update);
        synchronized (awareness) {
            awareness.apply(decoded, System.currentTimeMillis());
        }
        executor.execute(() -> {
            List<Collaborator> now = collaborators();
            listeners.forEach(listener -> listener.presenceChanged(now));
        });
    }

    /** The connection dropped: the others' presence is gone until it is back; changes wait on disk. */
    void disconnected() {
        serverSynced = false;
        synchronized (awareness) {
            awareness.remove(new ArrayList<>(awareness.states().keySet()), System.currentTimeMillis());
        }
        executor.execute(() -> {
            unacknowledged.set(0);
            listeners.forEach(listener -> listener.presenceChanged(List.of()));
            notifySync();
        });
    }

    private void notifySync() {
        boolean synced = isSynced();
        listeners.forEach(listener -> listener.syncChanged(synced));
    }

    @Override
    public void close() throws IOException {
        client.detach(this);
        undo.close();
        doc.close();
        local.close();
    }
}
