package io.promptstudio.sync;

import java.time.Duration;

/**
 * Bounds that keep one tenant, client or address from exhausting the server.
 *
 * @param maxDocumentsPerTenant   documents one tenant may create
 * @param maxDocumentBytes        stored size of one document (snapshot plus log); larger updates are refused
 * @param maxConnectionsPerTenant concurrent WebSocket connections of one tenant
 * @param maxConnectionsPerIp     concurrent connections from one address, HTTP and WebSocket alike (behind a reverse
 *                                proxy every client has the proxy's address: raise it there)
 * @param messagesPerSecond       sustained frames per second one connection may send ...
 * @param messageBurst            ... with bursts up to this many
 * @param maxFrameBytes           the largest WebSocket frame (and HTTP body) accepted
 * @param maxPendingBytes         bytes queued for a client that does not read before it is disconnected
 * @param maxConnections          concurrent connections in all; 0 for what the process's file limit allows, less a
 *                                reserve for storage, logs and the health checks' slots
 * @param requestHeaderTimeout    how long a new connection has to send a whole request line and headers
 * @param requestBodyTimeout      how long a request has to send its body once its headers are in
 * @param idleTimeout             how long a kept-alive HTTP connection may wait for its next request
 */
public record Limits(int maxDocumentsPerTenant, long maxDocumentBytes, int maxConnectionsPerTenant, int maxConnectionsPerIp,
        int messagesPerSecond, int messageBurst, int maxFrameBytes, long maxPendingBytes, int maxConnections,
        Duration requestHeaderTimeout, Duration requestBodyTimeout, Duration idleTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 1_000;
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** The document, message and per-tenant bounds, with the default connection caps and timeouts. */
    public Limits(int maxDocumentsPerTenant, long maxDocumentBytes, int maxConnectionsPerTenant, int maxConnectionsPerIp,
            int messagesPerSecond, int messageBurst, int maxFrameBytes, long maxPendingBytes) {
        this(maxDocumentsPerTenant, maxDocumentBytes, maxConnectionsPerTenant, maxConnectionsPerIp, messagesPerSecond, messageBurst,
                maxFrameBytes, maxPendingBytes, 0, DEFAULT_REQUEST_HEADER_TIMEOUT, DEFAULT_REQUEST_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public static Limits defaults() {
        return new Limits(10_000, 64L * 1024 * 1024, 5_000, DEFAULT_MAX_CONNECTIONS_PER_IP, 200, 1_000, 8 * 1024 * 1024,
                16L * 1024 * 1024);
    }

    /** These limits with other connection caps and timeouts. */
    public Limits withConnections(int all, int perIp, Duration headerTimeout, Duration bodyTimeout, Duration idle) {
        return new Limits(maxDocumentsPerTenant, maxDocumentBytes, maxConnectionsPerTenant, perIp, messagesPerSecond, messageBurst,
                maxFrameBytes, maxPendingBytes, all, headerTimeout, bodyTimeout, idle);
    }
}
