package io.promptstudio.sync;

/**
 * Bounds that keep one tenant or client from exhausting the server.
 *
 * @param maxDocumentsPerTenant   documents one tenant may create
 * @param maxDocumentBytes        stored size of one document (snapshot plus log); larger updates are refused
 * @param maxConnectionsPerTenant concurrent WebSocket connections of one tenant
 * @param maxConnectionsPerIp     concurrent WebSocket connections from one address
 * @param messagesPerSecond       sustained frames per second one connection may send ...
 * @param messageBurst            ... with bursts up to this many
 * @param maxFrameBytes           the largest WebSocket frame (and HTTP body) accepted
 * @param maxPendingBytes         bytes queued for a client that does not read before it is disconnected
 */
public record Limits(int maxDocumentsPerTenant, long maxDocumentBytes, int maxConnectionsPerTenant, int maxConnectionsPerIp,
        int messagesPerSecond, int messageBurst, int maxFrameBytes, long maxPendingBytes) {

    public static Limits defaults() {
        return new Limits(10_000, 64L * 1024 * 1024, 5_000, 20_000, 200, 1_000, 8 * 1024 * 1024, 16L * 1024 * 1024);
    }
}
