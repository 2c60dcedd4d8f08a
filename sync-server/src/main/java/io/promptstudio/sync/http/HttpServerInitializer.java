package io.promptstudio.sync.http;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.promptstudio.sync.api.RestApi;

/** Builds the pipeline of one connection: HTTP, then the router (on the request threads); sync connections replace the tail after upgrade. */
final class HttpServerInitializer {

    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final RestApi api;
    private final WebSocketUpgrade upgrade;
    private final OriginPolicy origins;
    private final io.netty.util.concurrent.EventExecutorGroup requestThreads;

    /** @param requestThreads where HTTP requests run: REST handlers read the database, which must not stall network threads */
    HttpServerInitializer(RestApi api, WebSocketUpgrade upgrade, OriginPolicy origins, io.netty.util.concurrent.EventExecutorGroup requestThreads) {
        this.api = api;
        this.upgrade = upgrade;
        this.origins = origins;
        this.requestThreads = requestThreads;
    }

    void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast("http-codec", new HttpServerCodec(4096, 16 * 1024, 64 * 1024))
                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(requestThreads, "router", new RequestRouter(api, upgrade, origins));
    }
}
