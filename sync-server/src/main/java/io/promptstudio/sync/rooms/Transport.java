package io.promptstudio.sync.rooms;

/** One WebSocket connection as the protocol code sees it; the network adapter implements it. */
public interface Transport {

    /** Queues a binary frame; never blocks. */
    void send(byte[] frame);

    /** Closes with a WebSocket close code and a short reason. */
    void close(int code, String reason);

    /** Runs a task on the thread that handles this connection's frames, after what it is doing now. */
    void execute(Runnable task);

    /** The peer's address, for logs and per-address limits. */
    String remoteAddress();
}
