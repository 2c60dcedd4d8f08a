package io.promptstudio.sync.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.promptstudio.sync.api.ApiError;
import io.promptstudio.sync.api.RestApi;
import java.util.UUID;

/** Refusals made below the router (a request too large, too slow): the error shape and a request id. */
final class Refusals {

    private Refusals() {
    }

    /** The client's {@code X-Request-Id} when it is a sane one, else a new id. */
    static String requestId(String given) {
        return given != null && given.length() <= 64 && given.matches("[A-Za-z0-9._-]+") ? given : UUID.randomUUID().toString();
    }

    /** Answers with the error and closes the connection once the answer is written. */
    static void answerAndClose(ChannelHandlerContext ctx, ApiError error, String requestId) {
        answer(ctx, error, requestId, true);
    }

    /** Answers with the error; {@code close}: then closes the connection, else keeps it for the client's next request. */
    static void answer(ChannelHandlerContext ctx, ApiError error, String requestId, boolean close) {
        var answer = RestApi.error(error, requestId);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(error.status()),
                Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        response.headers().set(HttpHeaderNames.CONNECTION, close ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
        response.headers().set("X-Request-Id", requestId);
        ctx.writeAndFlush(response).addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
    }
}
