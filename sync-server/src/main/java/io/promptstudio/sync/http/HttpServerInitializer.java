package io.promptstudio.sync.http;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.promptstudio.sync.Limits;
import io.promptstudio.sync.api.RestApi;

/**
 * Builds the pipeline of one connection, once {@link ConnectionGuard} admits it: HTTP with its time limits, then the
 * router (on the request threads); sync connections replace the tail after upgrade.
 */
final class HttpServerInitializer {

    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final RestApi api;
    private final WebSocketUpgrade upgrade;
    private final OriginPolicy origins;
    private final io.netty.util.concurrent.EventExecutorGroup requestThreads;
    private final ConnectionGuard guard;
    private final Limits limits;

    /** @param requestThreads where HTTP requests run: REST handlers read the database, which must not stall network threads */
    HttpServerInitializer(RestApi api, WebSocketUpgrade upgrade, OriginPolicy origins, io.netty.util.concurrent.EventExecutorGroup requestThreads,
            ConnectionGuard guard, Limits limits) {
        this.guard = guard;
        this.limits = limits;
        this.api = api;
        this.upgrade = upgrade;
        this.origins = origins;
        this.requestThreads = requestThreads;
    }

    void initChannel(SocketChannel channel) {
        if (!guard.admit(channel)) {
            channel.close();
            return;
        }
        RequestRouter router = new RequestRouter(api, upgrade, origins, guard);
        channel.pipeline()
                .addLast("http-codec", new HttpServerCodec(4096, 16 * 1024, 64 * 1024))
                .addLast(RequestDeadlines.NAME, new RequestDeadlines(limits.requestHeaderTimeout(), limits.requestBodyTimeout(),
                        limits.idleTimeout()))
                .addLast("aggregator", new BoundedAggregator(MAX_REQUEST_BYTES))
                .addLast("health", new HealthChecks(router))
                .addLast(requestThreads, "router", router);
    }
}
