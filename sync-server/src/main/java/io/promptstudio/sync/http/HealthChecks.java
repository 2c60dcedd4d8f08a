package io.promptstudio.sync.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Answers {@code /health} and {@code /ready} on the connection's own network thread, so that a load balancer's
 * checks never queue behind REST requests (a flood of logins, a slow database) on the request threads. They read
 * nothing but memory and one folder's attributes. Every other request goes on to the router.
 */
final class HealthChecks extends ChannelInboundHandlerAdapter {

    private final RequestRouter router;

    HealthChecks(RequestRouter router) {
        this.router = router;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof FullHttpRequest request && isHealthCheck(request)) {
            try {
                router.channelRead0(ctx, request);
            } finally {
                request.release();
            }
            return;
        }
        ctx.fireChannelRead(message);
    }

    private static boolean isHealthCheck(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return false;
        }
        try {
            return RequestRouter.isHealthCheck(request, new QueryStringDecoder(request.uri()).path());
        } catch (IllegalArgumentException badEscape) {
            return false;
        }
    }
}
