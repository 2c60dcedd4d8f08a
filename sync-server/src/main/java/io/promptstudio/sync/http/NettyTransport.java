package io.promptstudio.sync.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.rooms.CloseCodes;
import io.promptstudio.sync.rooms.Transport;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames to one WebSocket channel. Writes from any thread are queued by Netty; the bytes not yet written to the
 * socket are counted, and a client that lets more than {@code maxPendingBytes} pile up is disconnected, so a slow
 * reader cannot grow the heap without bound.
 */
final class NettyTransport implements Transport {

    private final Channel channel;
    private final long maxPendingBytes;
    private final ServerMetrics metrics;
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean closing;

    NettyTransport(Channel channel, long maxPendingBytes, ServerMetrics metrics) {
        this.channel = channel;
        this.maxPendingBytes = maxPendingBytes;
        this.metrics = metrics;
    }

    @Override
    public void send(byte[] frame) {
        if (closing) {
            return;
        }
        long queued = pending.addAndGet(frame.length);
        if (queued > maxPendingBytes) {
            metrics.slowClientsClosed.increment();
            close(CloseCodes.SLOW_CLIENT, "the client reads too slowly (" + queued + " bytes waiting)");
            return;
        }
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)))
                .addListener(future -> pending.addAndGet(-frame.length));
    }

    @Override
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason))).addListener(ChannelFutureListener.CLOSE);
    }

    /** Close reasons must fit 123 bytes of UTF-8. */
    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > 120) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    boolean isClosing() {
        return closing;
    }
}
