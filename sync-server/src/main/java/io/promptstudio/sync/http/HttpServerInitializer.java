package io.promptstudio.sync.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.promptstudio.sync.HealthService;

/** Builds the pipeline of one connection; named handlers so later protocols can be inserted by name. */
final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {

    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final HealthService health;

    HttpServerInitializer(HealthService health) {
        this.health = health;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast("http-codec", new HttpServerCodec())
                .addLast("keep-alive", new HttpServerKeepAliveHandler())
                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast("api", new HttpApiHandler(health));
    }
}
