package io.promptstudio.sync.testing;

import io.promptstudio.sync.protocol.HocuspocusMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client speaking raw frames (the JDK's own client), to drive the server as any peer would. */
public final class SyncClient implements AutoCloseable {

    /** How the server closed the connection. */
    public record Closed(int code, String reason) {
    }

    private final WebSocket socket;
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private SyncClient(URI uri, java.util.Map<String, String> headers) {
        this(uri, headers, false);
    }

    /**
     * @param headers     sent with the handshake
     * @param stopReading whether the client stops reading after the first frame, like a stalled peer
     */
    private SyncClient(URI uri, java.util.Map<String, String> headers, boolean stopReading) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new WebSocket.Listener() {
            private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                partial.writeBytes(chunk);
                if (last) {
                    frames.add(partial.toByteArray());
                    partial.reset();
                }
                if (!stopReading) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Closed(-1, String.valueOf(error)));
            }
        }).join();
    }

    public static SyncClient hocuspocus(int port) {
        return new SyncClient(URI.create("ws://127.0.0.1:" + port + "/hocuspocus"), java.util.Map.of());
    }

    /** A Hocuspocus client whose handshake carries {@code X-Request-Id}, as a proxy in front may set it. */
    public static SyncClient hocuspocus(int port, String requestId) {
        return new SyncClient(URI.create("ws://127.0.0.1:" + port + "/hocuspocus"), java.util.Map.of("X-Request-Id", requestId));
    }

    /** A Hocuspocus client that reads one frame and then nothing more, so the server's frames pile up. */
    public static SyncClient stalledHocuspocus(int port) {
        return new SyncClient(URI.create("ws://127.0.0.1:" + port + "/hocuspocus"), java.util.Map.of(), true);
    }

    public static SyncClient yjs(int port, String address, String token) {
        return new SyncClient(URI.create("ws://127.0.0.1:" + port + "/yjs/" + address + (token == null ? "" : "?token=" + token)),
                java.util.Map.of());
    }

    public static SyncClient yjsWithBearer(int port, String address, String token) {
        return new SyncClient(URI.create("ws://127.0.0.1:" + port + "/yjs/" + address), java.util.Map.of("Authorization", "Bearer " + token));
    }

    public void send(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    public void send(HocuspocusMessage message) {
        send(message.encode());
    }

    /** The next frame, failing after 10 s. */
    public byte[] next() throws InterruptedException {
        byte[] frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the server within 10 s" + (closed.isDone() ? "; closed: " + closed.join() : ""));
        }
        return frame;
    }

    /** The next frame within {@code millis}, or null. */
    public byte[] poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    public HocuspocusMessage nextHocuspocus() throws Exception {
        while (true) {
            byte[] frame = next();
            if (!HocuspocusMessage.isKeepAlive(frame)) {
                return HocuspocusMessage.decode(frame);
            }
        }
    }

    /** Reads frames until one matches the type, failing after 10 s; returns it. */
    public <T extends HocuspocusMessage.Body> T awaitBody(Class<T> type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            HocuspocusMessage message = nextHocuspocus();
            if (type.isInstance(message.body())) {
                return type.cast(message.body());
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
    }

    public Closed awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(error -> null);
            socket.abort();
        }
    }
}
