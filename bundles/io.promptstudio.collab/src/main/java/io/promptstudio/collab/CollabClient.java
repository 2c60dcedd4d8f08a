package io.promptstudio.collab;

import io.promptstudio.sync.protocol.HocuspocusMessage;
import io.promptstudio.sync.protocol.ProtocolException;
import io.promptstudio.sync.protocol.SyncMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One connection to a sync server speaking the Hocuspocus protocol ({@code ws://host:8787/hocuspocus} for ours),
 * carrying every open {@link SharedDocument}. It reconnects by itself with a growing pause (0.5 s up to 10 s);
 * while it is away documents keep working from their local state, and on reconnect the sync handshake sends and
 * receives whatever the other side lacks.
 */
public final class CollabClient implements AutoCloseable {

    public enum Status { CONNECTING, ONLINE, OFFLINE, CLOSED }

    /** Told when the connection's status changes; {@code detail} says why (for a status line). */
    public interface Listener {
        void statusChanged(Status status, String detail);
    }

    static final long PRESENCE_RENEW_MILLIS = 15_000;

    private final URI server;
    private final Supplier<String> token;
    private final Path stateDirectory;
    private final String userName;
    private final String color;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, SharedDocument> documents = new ConcurrentHashMap<>();
    private final Map<SharedDocument, byte[]> lastPresence = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("collab-client").daemon(true).factory());
    private final Object sendLock = new Object();
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile Status status = Status.OFFLINE;
    private volatile boolean closed;
    private long backoffMillis = 500;

    /**
     * @param server         the server's Hocuspocus endpoint
     * @param token          the access token, asked again at every (re)connect
     * @param stateDirectory where shared documents are kept between sessions
     * @param userName       shown to the others next to this user's cursor
     * @param color          this user's colour ({@code #rrggbb})
     */
    public CollabClient(URI server, Supplier<String> token, Path stateDirectory, String userName, String color) {
        this.server = server;
        this.token = token;
        this.stateDirectory = stateDirectory;
        this.userName = userName;
        this.color = color;
        timer.scheduleAtFixedRate(this::renewPresence, PRESENCE_RENEW_MILLIS, PRESENCE_RENEW_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public Status status() {
        return status;
    }

    /** Starts connecting (and reconnecting) in the background. */
    public void connect() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        timer.execute((Runnable) this::open);
    }

    /**
     * Opens a shared document ({@code workspace/document}) from its local state and attaches it to the
     * connection; changes to it run on {@code executor}.
     */
    public SharedDocument open(String name, Executor executor) throws IOException {
        if (documents.containsKey(name)) {
            throw new IllegalStateException(name + " is open already");
        }
        List<byte[]> stored = new ArrayList<>();
        LocalState local = LocalState.open(LocalState.fileFor(stateDirectory, server.toString(), name), stored);
        SharedDocument document = new SharedDocument(this, name, local, stored, executor, userName, color);
        documents.put(name, document);
        if (status == Status.ONLINE) {
            attach(document);
        }
        return document;
    }

    public List<SharedDocument> documents() {
        return List.copyOf(documents.values());
    }

    private void open() {
        if (closed || socket != null) {
            return;
        }
        setStatus(Status.CONNECTING, "connecting to " + server);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(server, new Receiver())
                .whenComplete((opened, error) -> {
                    if (error != null) {
                        scheduleReconnect("cannot reach " + server + ": " + rootMessage(error));
                        return;
                    }
                    socket = opened;
                    backoffMillis = 500;
                    setStatus(Status.ONLINE, "connected to " + server);
                    documents.values().forEach(this::attach);
                });
    }

    /** A document's handshake: its token, its state vector, its presence. */
    private void attach(SharedDocument document) {
        send(new HocuspocusMessage(document.name(), new HocuspocusMessage.Token(token.get(), "promptstudio")));
        send(new HocuspocusMessage(document.name(), new HocuspocusMessage.Sync(new SyncMessage.Step1(document.stateVector()))));
        byte[] presence = lastPresence.get(document);
        if (presence != null) {
            send(new HocuspocusMessage(document.name(), new HocuspocusMessage.Awareness(presence)));
        }
    }

    void detach(SharedDocument document) {
        documents.remove(document.name(), document);
        lastPresence.remove(document);
        if (status == Status.ONLINE) {
            send(new HocuspocusMessage(document.name(), new HocuspocusMessage.Close("")));
        }
    }

    /** Sends when connected; false when offline (the change waits in the document's local state). */
    boolean sendSync(SharedDocument document, SyncMessage message) {
        if (status != Status.ONLINE || socket == null) {
            return false;
        }
        send(new HocuspocusMessage(document.name(), new HocuspocusMessage.Sync(message)));
        return true;
    }

    void sendAwareness(SharedDocument document, byte[] update) {
        lastPresence.put(document, update);
        if (status == Status.ONLINE) {
            send(new HocuspocusMessage(document.name(), new HocuspocusMessage.Awareness(update)));
        }
    }

    /** Presence expires after 30 s of silence: the same state is sent again to renew it. */
    private void renewPresence() {
        lastPresence.forEach(this::sendAwareness);
    }

    /** The JDK's WebSocket takes one send at a time: sends are chained. */
    private void send(HocuspocusMessage message) {
        send(message.encode());
    }

    private void send(byte[] frame) {
        WebSocket current = socket;
        if (current == null) {
            return;
        }
        synchronized (sendLock) {
            sending = sending.handle((ignored, error) -> null)
                    .thenCompose(ignored -> current.sendBinary(ByteBuffer.wrap(frame), true));
        }
    }

    private void received(byte[] frame) {
        if (HocuspocusMessage.isKeepAlive(frame)) {
            if (frame[0] == HocuspocusMessage.PING) {
                send(new byte[] {HocuspocusMessage.PONG});
            }
            return;
        }
        HocuspocusMessage message;
        try {
            message = HocuspocusMessage.decode(frame);
        } catch (ProtocolException e) {
            dropConnection("the server sent a malformed frame: " + e.getMessage());
            return;
        }
        String name = message.documentName();
        int separator = name.indexOf('\0');
        SharedDocument document = documents.get(separator < 0 ? name : name.substring(0, separator));
        if (document == null) {
            return;
        }
        switch (message.body()) {
            case HocuspocusMessage.Authenticated authenticated -> document.authenticated(authenticated.scope());
            case HocuspocusMessage.PermissionDenied denied -> document.refusedByServer(denied.reason());
            case HocuspocusMessage.Sync sync -> document.received(sync.message());
            case HocuspocusMessage.SyncStatus syncStatus -> document.acknowledged(syncStatus.synced());
            case HocuspocusMessage.Awareness awareness -> {
                try {
                    document.presence(awareness.update());
                } catch (ProtocolException e) {
                    dropConnection("the server sent malformed presence: " + e.getMessage());
                }
            }
            case HocuspocusMessage.Close close -> document.refusedByServer(close.reason().isEmpty() ? "closed by the server" : close.reason());
            default -> {
                // stateless messages and queries are not used by the workbench
            }
        }
    }

    private void dropConnection(String why) {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        lost(why);
    }

    private synchronized void lost(String why) {
        if (socket == null && status != Status.ONLINE) {
            return;
        }
        socket = null;
        documents.values().forEach(SharedDocument::disconnected);
        scheduleReconnect(why);
    }

    private void scheduleReconnect(String why) {
        if (closed) {
            return;
        }
        setStatus(Status.OFFLINE, why + "; retrying in " + backoffMillis + " ms");
        long delay = backoffMillis;
        backoffMillis = Math.min(10_000, backoffMillis * 2);
        timer.schedule((Runnable) this::open, delay, TimeUnit.MILLISECONDS);
    }

    private void setStatus(Status next, String detail) {
        status = next;
        listeners.forEach(listener -> listener.statusChanged(next, detail));
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Stops connecting and closes the connection; open documents keep their local state. */
    @Override
    public void close() {
        closed = true;
        WebSocket current = socket;
        socket = null;
        if (current != null) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(error -> null);
        }
        timer.shutdownNow();
        setStatus(Status.CLOSED, "closed");
    }

    /** Frames from the server, reassembled; closing and errors lead to a reconnect. */
    private final class Receiver implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                byte[] frame = partial.toByteArray();
                partial.reset();
                received(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
            lost("the server closed the connection (" + code + (reason.isEmpty() ? "" : ": " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost("connection lost: " + rootMessage(error));
        }
    }
}
