package io.promptstudio.sync.rooms;

import io.promptstudio.sync.RateLimiter;
import io.promptstudio.sync.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol side of one WebSocket connection: frames in, frames out through its {@link Transport}. Frames of
 * one connection arrive on one thread; deliveries from other connections may come from any thread.
 */
public abstract sealed class ProtocolConnection permits YWebsocketConnection, HocuspocusConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolConnection.class);

    protected final Transport transport;
    protected final SyncContext context;
    /** The id of the HTTP request whose upgrade opened this connection, as its log line names it. */
    protected final String requestId;
    private final RateLimiter rate;
    private volatile boolean closed;

    ProtocolConnection(Transport transport, SyncContext context, String requestId) {
        this.transport = transport;
        this.context = context;
        this.requestId = requestId;
        this.rate = new RateLimiter(context.limits().messagesPerSecond(), context.limits().messageBurst(), System.nanoTime());
    }

    /** Handles one binary frame; a malformed one closes the connection with a message naming the offset. */
    public final void onFrame(byte[] frame) {
        if (closed) {
            return;
        }
        if (!rate.tryAcquire(System.nanoTime())) {
            context.metrics().rateLimited.increment();
            LOG.atWarn().addKeyValue("requestId", requestId).addKeyValue("remote", transport.remoteAddress())
                    .log("rate limit exceeded; closing");
            close(CloseCodes.RATE_LIMITED, "rate limit: more than " + context.limits().messagesPerSecond() + " messages a second");
            return;
        }
        guarded(() -> handle(frame));
    }

    /** What {@link #guarded} runs. */
    interface Step {
        void run() throws ProtocolException, RoomException;
    }

    /** Runs protocol work; malformed input and refusals close the connection with their code and reason. */
    final void guarded(Step step) {
        if (closed) {
            return;
        }
        try {
            step.run();
        } catch (ProtocolException e) {
            malformed(e.getMessage());
        } catch (RoomException e) {
            close(CloseCodes.of(e.kind()), e.getMessage());
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            // Bytes a decoder could not read, however it said so: the client's fault, closed like any malformed frame.
            malformed(String.valueOf(e.getMessage()));
        }
    }

    private void malformed(String problem) {
        context.metrics().protocolErrors.increment();
        LOG.atInfo().addKeyValue("requestId", requestId).addKeyValue("remote", transport.remoteAddress()).addKeyValue("problem", problem)
                .log("malformed frame; closing");
        close(CloseCodes.PROTOCOL_ERROR, "malformed frame: " + problem);
    }

    abstract void handle(byte[] frame) throws ProtocolException, RoomException;

    /**
     * What to send when the connection has been quiet for a while, so that clients do not reconnect: the protocol's
     * own keep-alive message, or null where a WebSocket ping frame does (clients answer it by themselves).
     */
    public byte[] keepAliveMessage() {
        return null;
    }

    /**
     * Why joining a document failed, as the client is told: a refusal ({@link RoomException}) as it is; anything
     * else is a server fault, logged with its cause, and the client hears only that the document cannot be loaded.
     */
    final RoomException joinFailure(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RoomException refusal) {
            return refusal;
        }
        LOG.atError().setCause(cause).addKeyValue("requestId", requestId).addKeyValue("remote", transport.remoteAddress())
                .log("a document could not be joined");
        return new RoomException(RoomException.Kind.STORAGE, "document cannot be loaded");
    }

    /** The socket closed (either side): leave every document. Idempotent. */
    public final void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        leaveAll();
    }

    abstract void leaveAll();

    protected final void close(int code, String reason) {
        transport.close(code, reason);
        onClosed();
    }

    protected final boolean isClosed() {
        return closed;
    }
}
