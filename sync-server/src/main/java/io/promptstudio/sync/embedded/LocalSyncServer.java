package io.promptstudio.sync.embedded;

import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.http.SyncServer;

/**
 * The sync server run inside another program — the workbench's "Start Local Sync Server" — with the same code and
 * storage as the standalone server. This and {@link ServerConfig} are all the server shows to other bundles.
 */
public final class LocalSyncServer implements AutoCloseable {

    private final SyncServer server;
    private final int port;

    private LocalSyncServer(SyncServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server with this configuration and returns once it listens. */
    public static LocalSyncServer start(ServerConfig config) throws InterruptedException {
        SyncServer server = new SyncServer(config);
        return new LocalSyncServer(server, server.start());
    }

    /** The port it listens on (the configured one, or the one the system chose for 0). */
    public int port() {
        return port;
    }

    /** Stops listening, closes the connections and the storage. */
    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
