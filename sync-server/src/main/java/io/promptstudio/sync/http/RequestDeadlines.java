package io.promptstudio.sync.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.promptstudio.sync.api.ApiError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time limits of an HTTP connection until it upgrades: a new connection has {@code headerTimeout} to send a whole
 * request line and headers (however slowly the bytes come), a request has {@code bodyTimeout} to send its body,
 * and a kept-alive connection {@code idleTimeout} to start its next request. No limit runs while the server works
 * on a request. A request cut off is answered 408 in the error shape; an idle connection is closed.
 */
final class RequestDeadlines extends ChannelDuplexHandler {

    static final String NAME = "deadlines";

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Duration idleTimeout;
    private ScheduledFuture<?> deadline;
    /** A request's head has come and its last content has not. */
    private boolean receiving;
    /** A whole request has come and its answer has not been written: the server is working. */
    private boolean answering;
    /** The answer went out before the request's body was in (a refusal): the connection idles once the body is. */
    private boolean answeredEarly;

    RequestDeadlines(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx, headerTimeout, "its request line and headers");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof HttpRequest) {
            receiving = true;
            arm(ctx, bodyTimeout, "its body");
        }
        if (message instanceof LastHttpContent && receiving) {
            receiving = false;
            if (answeredEarly) {
                answeredEarly = false;
                arm(ctx, idleTimeout, null);
            } else {
                cancel();
                answering = true;
            }
        }
        super.channelRead(ctx, message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(written -> {
                if (!written.isSuccess() || !ctx.channel().isActive() || ctx.pipeline().get(NAME) == null) {
                    return;
                }
                if (receiving) {
                    answeredEarly = true;
                } else {
                    answering = false;
                    arm(ctx, idleTimeout, null);
                }
            });
        }
        super.write(ctx, message, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    /** @param awaited what the client has not sent in time, or null when it is merely idle between requests */
    private void arm(ChannelHandlerContext ctx, Duration limit, String awaited) {
        cancel();
        deadline = ctx.executor().schedule(() -> expire(ctx, limit, awaited), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire(ChannelHandlerContext ctx, Duration limit, String awaited) {
        deadline = null;
        if (answering || !ctx.channel().isActive()) {
            return;
        }
        if (awaited == null) {
            ctx.close();
            return;
        }
        Refusals.answerAndClose(ctx, new ApiError(408, "REQUEST_TIMEOUT", "the request did not arrive in time",
                List.of("a connection has " + limit.toSeconds() + " s to send " + awaited)), Refusals.requestId(null));
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
