package io.promptstudio.sync.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.promptstudio.sync.api.ApiError;
import io.promptstudio.sync.api.ApiRequest;
import io.promptstudio.sync.api.ApiResponse;
import io.promptstudio.sync.api.RestApi;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP request of a connection: WebSocket upgrades on the sync paths go to {@link WebSocketUpgrade}, the
 * rest to the {@link RestApi}. Adds the request id, CORS headers for allowed origins, and logs each request.
 */
final class RequestRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final RestApi api;
    private final WebSocketUpgrade upgrade;
    private final OriginPolicy origins;
    private final ConnectionGuard guard;

    RequestRouter(RestApi api, WebSocketUpgrade upgrade, OriginPolicy origins, ConnectionGuard guard) {
        this.guard = guard;
        this.api = api;
        this.upgrade = upgrade;
        this.origins = origins;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String requestId = Refusals.requestId(request.headers().get("X-Request-Id"));
        long started = System.nanoTime();
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            ApiError error = cause instanceof TooLongFrameException
                    ? new ApiError(413, "PAYLOAD_TOO_LARGE", "the request is too large", List.of(String.valueOf(cause.getMessage())))
                    : ApiError.badRequest("malformed HTTP request", cause == null ? "" : String.valueOf(cause.getMessage()));
            send(ctx, request, RestApi.error(error, requestId), requestId, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path;
        Map<String, List<String>> query;
        try {
            path = uri.path();
            query = uri.parameters();
        } catch (IllegalArgumentException e) {
            // Netty decodes lazily and throws on a bad escape such as "%ZZ"; without this the connection just closed.
            send(ctx, request, RestApi.error(ApiError.badRequest("the request's URI is not valid percent-encoding",
                    badEscape(request.uri())), requestId), requestId, false);
            return;
        }
        ConnectionGuard.Overflow overflow = ctx.channel().attr(ConnectionGuard.OVERFLOW).get();
        if (overflow != null && !isHealthCheck(request, path)) {
            send(ctx, request, refusal(ctx, overflow, requestId), requestId, false);
            LOG.atInfo().addKeyValue("requestId", requestId).addKeyValue("path", path).addKeyValue("overflow", overflow)
                    .log("connection over its cap refused");
            return;
        }
        if (WebSocketUpgrade.isUpgrade(request) && WebSocketUpgrade.isSyncPath(path)) {
            ApiError refused = upgrade.upgrade(ctx, request, path, requestId);
            if (refused != null) {
                send(ctx, request, RestApi.error(refused, requestId), requestId, false);
            }
            LOG.atInfo().addKeyValue("requestId", requestId).addKeyValue("path", path)
                    .addKeyValue("status", refused == null ? 101 : refused.status()).log("websocket");
            return;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (request.method().equals(HttpMethod.OPTIONS)) {
            FullHttpResponse preflight = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            cors(preflight, origin);
            preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, DELETE, OPTIONS");
            preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, X-Request-Id");
            preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            preflight.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            finish(ctx, request, preflight, HttpUtil.isKeepAlive(request));
            return;
        }
        // The raw path: document names may hold an encoded '/', which the API decodes segment by segment.
        ApiRequest apiRequest = new ApiRequest(request.method().name(), uri.rawPath(), query,
                request.headers().get(HttpHeaderNames.AUTHORIZATION), request.headers().get(HttpHeaderNames.CONTENT_TYPE),
                ByteBufUtil.getBytes(request.content()), requestId, ConnectionGuard.address(ctx.channel()));
        boolean keepAlive = overflow == null && HttpUtil.isKeepAlive(request);
        String id = requestId;
        // A login's answer comes from the password checks' threads; the request's headers outlive its released body.
        api.handle(apiRequest).thenAccept(response -> {
            send(ctx, request, response, id, keepAlive);
            LOG.atInfo().addKeyValue("requestId", id).addKeyValue("method", request.method().name()).addKeyValue("path", path)
                    .addKeyValue("status", response.status()).addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
                    .log("request");
        });
    }

    static boolean isHealthCheck(FullHttpRequest request, String path) {
        return (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
                && (path.equals("/health") || path.equals("/ready"));
    }

    /** The answer to a request on a connection admitted over a cap: who is over it, and when to come back. */
    private ApiResponse refusal(ChannelHandlerContext ctx, ConnectionGuard.Overflow overflow, String requestId) {
        ApiError error = switch (overflow) {
            case ADDRESS -> new ApiError(429, "TOO_MANY_REQUESTS", "too many connections from " + ConnectionGuard.address(ctx.channel()),
                    List.of("at most " + guard.maxPerAddress() + " at once from one address"));
            case SERVER -> new ApiError(503, "SERVICE_UNAVAILABLE", "the server has all the connections it takes",
                    List.of("at most " + guard.maxConnections() + " at once; /health and /ready are still answered"));
        };
        ApiResponse answer = RestApi.error(error, requestId);
        return new ApiResponse(answer.status(), answer.contentType(), answer.body(), Map.of(HttpHeaderNames.RETRY_AFTER.toString(), "5"));
    }

    /** Where the first bad escape is, without echoing the URI: its query may hold a token. */
    static String badEscape(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '%' && (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2)))) {
                return "at character " + (i + 1) + ": '%' must be followed by two hexadecimal digits";
            }
        }
        return "'%' must be followed by two hexadecimal digits";
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest request, ApiResponse answer, String requestId, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()));
        if (answer.body().length > 0 || answer.status() != 204) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        response.headers().set("X-Request-Id", requestId);
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.headers().set(header.getKey(), header.getValue());
        }
        cors(response, request.headers().get(HttpHeaderNames.ORIGIN));
        int length = answer.body().length;
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        finish(ctx, request, response, keepAlive);
    }

    private void cors(FullHttpResponse response, String origin) {
        if (origin != null && origins.allows(origin)) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "X-Request-Id");
        }
    }

    private static void finish(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException || cause instanceof io.netty.handler.codec.PrematureChannelClosureException) {
            // A client that went away mid-request: its business, one line is enough.
            LOG.atWarn().addKeyValue("remote", ctx.channel().remoteAddress()).addKeyValue("reason", String.valueOf(cause.getMessage()))
                    .log("connection closed by the client");
        } else {
            LOG.atWarn().addKeyValue("remote", ctx.channel().remoteAddress()).setCause(cause).log("connection failed");
        }
        ctx.close();
    }
}
