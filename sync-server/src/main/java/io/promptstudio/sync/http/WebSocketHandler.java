package io.promptstudio.sync.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.promptstudio.sync.rooms.CloseCodes;
import io.promptstudio.sync.rooms.ProtocolConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands one WebSocket's binary frames to its protocol connection; answers pings; keeps idle clients alive. */
final class WebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHandler.class);

    private final ProtocolConnection connection;
    private final NettyTransport transport;
    private final Runnable onClosed;

    WebSocketHandler(ProtocolConnection connection, NettyTransport transport, Runnable onClosed) {
        this.connection = connection;
        this.transport = transport;
        this.onClosed = onClosed;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case BinaryWebSocketFrame binary -> {
                if (!transport.isClosing()) {
                    connection.onFrame(ByteBufUtil.getBytes(binary.content()));
                }
            }
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case PongWebSocketFrame pong -> {
            }
            case CloseWebSocketFrame close -> {
                connection.onClosed();
                if (transport.isClosing()) {
                    // the answer to our own close frame: the handshake is complete
                    ctx.close();
                } else {
                    ctx.writeAndFlush(new CloseWebSocketFrame(CloseCodes.NORMAL, "")).addListener(ChannelFutureListener.CLOSE);
                }
            }
            case TextWebSocketFrame text -> transport.close(CloseCodes.PROTOCOL_ERROR, "text frames are not part of the protocol; send binary frames");
            default -> transport.close(CloseCodes.PROTOCOL_ERROR, "unexpected frame " + frame.getClass().getSimpleName());
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        transport.keepAlive(java.util.concurrent.TimeUnit.SECONDS.toNanos(WebSocketUpgrade.WRITER_IDLE_SECONDS), () -> {
            byte[] message = connection.keepAliveMessage();
            if (message != null) {
                transport.send(message);
            } else {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            transport.close(CloseCodes.SLOW_CLIENT, "no message for too long");
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        connection.onClosed();
        onClosed.run();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException frame) {
            // the decoder's verdict: 1009 for a frame over the maximum, 1002 or 1007 for a malformed one
            transport.close(frame.closeStatus().code(), cause.getMessage());
            return;
        }
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            transport.close(cause instanceof TooLongFrameException ? CloseCodes.TOO_BIG : CloseCodes.PROTOCOL_ERROR, cause.getMessage());
            return;
        }
        if (cause instanceof java.nio.channels.ClosedChannelException || cause instanceof java.io.IOException) {
            // The peer went away while frames were on their way to it: nothing is lost that the sync does not redo.
            LOG.atDebug().addKeyValue("remote", ctx.channel().remoteAddress()).log("connection gone while writing");
            ctx.close();
            return;
        }
        LOG.atWarn().addKeyValue("remote", ctx.channel().remoteAddress()).setCause(cause).log("websocket failed");
        ctx.close();
    }
}
