package io.promptstudio.sync.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.promptstudio.sync.api.ApiError;
import io.promptstudio.sync.auth.AuthenticationException;
import io.promptstudio.sync.auth.Principal;
import io.promptstudio.sync.rooms.CloseCodes;
import io.promptstudio.sync.rooms.HocuspocusConnection;
import io.promptstudio.sync.rooms.ProtocolConnection;
import io.promptstudio.sync.rooms.SyncContext;
import io.promptstudio.sync.rooms.YWebsocketConnection;
import io.promptstudio.sync.storage.DocumentKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an HTTP upgrade request into a sync connection: {@code /hocuspocus} speaks the Hocuspocus protocol,
 * {@code /yjs/<workspace>/<document>} plain y-websocket. Checks the origin first; {@link ConnectionGuard} has
 * counted the connection against the per-address and overall caps when it was accepted.
 */
final class WebSocketUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgrade.class);
    static final String HOCUSPOCUS_PATH = "/hocuspocus";
    static final String YJS_PREFIX = "/yjs/";
    static final int WRITER_IDLE_SECONDS = 15;
    static final int READER_IDLE_SECONDS = 90;

    private final SyncContext context;
    private final OriginPolicy origins;

    WebSocketUpgrade(SyncContext context, OriginPolicy origins) {
        this.context = context;
        this.origins = origins;
    }

    static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    static boolean isSyncPath(String path) {
        return path.equals(HOCUSPOCUS_PATH) || path.startsWith(YJS_PREFIX);
    }

    /** @return an error to answer with instead of upgrading, or null when the upgrade went ahead */
    /** @param requestId the handshake request's id: the connection's log lines and audit entries name it */
    ApiError upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String path, String requestId) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (!origins.allows(origin)) {
            return new ApiError(403, "FORBIDDEN", "origin " + origin + " is not allowed", List.of("allowed origins are configured with PROMPTSTUDIO_ALLOWED_ORIGINS"));
        }
        String address = ConnectionGuard.address(ctx.channel());
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String scheme = ctx.pipeline().get("tls") == null ? "ws" : "wss";
        // Netty's decoder would close the socket itself on a bad frame, while the client may still be sending it:
        // the client then gets a reset, not our close code. WebSocketHandler closes instead, after the close frame.
        var decoding = io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(context.limits().maxFrameBytes()).closeOnProtocolViolation(false).build();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                scheme + "://" + request.headers().get(HttpHeaderNames.HOST) + path, null, decoding).newHandshaker(request);
        if (handshaker == null) {
            return new ApiError(426, "UPGRADE_REQUIRED", "unsupported WebSocket version", List.of("use WebSocket version 13"));
        }
        String token = token(request, query);
        Principal principal = null;
        String refusal = null;
        if (token != null) {
            try {
                principal = context.tokens().verify(token);
            } catch (AuthenticationException e) {
                context.metrics().authFailures.increment();
                refusal = e.getMessage();
                LOG.atInfo().addKeyValue("remote", address).addKeyValue("path", path).addKeyValue("reason", refusal).log("token refused");
            }
        }
        NettyTransport transport = new NettyTransport(ctx.channel(), context.limits().maxPendingBytes(), context.metrics());
        ProtocolConnection connection;
        Runnable afterHandshake;
        if (path.equals(HOCUSPOCUS_PATH)) {
            HocuspocusConnection hocuspocus = new HocuspocusConnection(transport, context, principal, requestId);
            connection = hocuspocus;
            afterHandshake = () -> {
            };
        } else {
            String why = refusal != null ? refusal : principal == null ? "no token: send 'Authorization: Bearer <jwt>' or ?token=<jwt>" : null;
            DocumentKey key = null;
            if (why == null) {
                try {
                    key = DocumentKey.parse(principal.tenant(), URLDecoder.decode(path.substring(YJS_PREFIX.length()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    why = e.getMessage();
                }
            }
            int code = refusal != null || principal == null ? CloseCodes.UNAUTHORIZED : CloseCodes.NOT_FOUND;
            YWebsocketConnection ywebsocket = why != null ? YWebsocketConnection.refused(transport, context, requestId, code, why)
                    : new YWebsocketConnection(transport, context, principal, key, requestId);
            connection = ywebsocket;
            afterHandshake = ywebsocket::open;
        }
        context.metrics().connectionsOpened.increment();
        context.metrics().connectionsOpen.incrementAndGet();
        ChannelPipeline pipeline = ctx.pipeline();
        // The frame handlers go in before the handshake: a client may send its first frame the moment it reads
        // the 101, and that frame must find them (the router passes what is not an HTTP request along).
        pipeline.addLast("ws-aggregator", new WebSocketFrameAggregator(context.limits().maxFrameBytes()));
        pipeline.addLast("ws-idle", new IdleStateHandler(READER_IDLE_SECONDS, 0, 0, TimeUnit.SECONDS));
        pipeline.addLast("ws", new WebSocketHandler(connection, transport, () -> context.metrics().connectionsOpen.decrementAndGet()));
        if (pipeline.get(RequestDeadlines.NAME) != null) {
            // A sync connection's time is its reader-idle limit's; the 101 must not start an HTTP idle timer.
            pipeline.remove(RequestDeadlines.NAME);
        }
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (!done.isSuccess()) {
                ctx.close();
                return;
            }
            if (pipeline.get(RequestRouter.class) != null) {
                pipeline.remove(RequestRouter.class);
            }
            if (pipeline.get("aggregator") != null) {
                // The handshaker removes HTTP aggregators itself in most versions; this keeps either behaviour.
                pipeline.remove("aggregator");
            }
            afterHandshake.run();
        });
        return null;
    }

    /** The token of a handshake: the bearer header wins over the {@code token} query parameter. */
    private static String token(FullHttpRequest request, QueryStringDecoder query) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        List<String> values = query.parameters().get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
