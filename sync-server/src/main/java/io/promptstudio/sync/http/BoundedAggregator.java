package io.promptstudio.sync.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.promptstudio.sync.api.ApiError;
import java.util.List;

/**
 * Whole requests of at most {@code maxBytes}; a larger one is answered 413 in the error shape with its request id,
 * like every other refusal (Netty's own answer has an empty body).
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final int maxBytes;

    BoundedAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    /**
     * As Netty does: a kept-alive request whose body is still coming is answered and its body read and dropped, so
     * that the client reads the answer instead of a reset; otherwise the connection is closed after the answer.
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        boolean close = oversized instanceof FullHttpMessage || !HttpUtil.isKeepAlive(oversized);
        Refusals.answer(ctx, new ApiError(413, "PAYLOAD_TOO_LARGE", "the request is too large", List.of("at most " + maxBytes + " bytes")),
                Refusals.requestId(oversized.headers().get("X-Request-Id")), close);
    }
}
