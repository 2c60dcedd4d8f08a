package io.promptstudio.sync.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.rooms.CloseCodes;
import io.promptstudio.sync.rooms.Transport;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames to one WebSocket channel. Frames sent from other threads (broadcasts completed by the storage writer)
 * wait in a queue that one event-loop task drains with a single flush, so a burst costs one wake-up and one
 * system call per connection, not one per frame. Bytes waiting (in the queue and in Netty's outbound buffer)
 * are counted, and a client that lets more than {@code maxPendingBytes} pile up is disconnected, so a slow reader
 * cannot grow the heap without bound.
 */
final class NettyTransport implements Transport {

    private final Channel channel;
    private final long maxPendingBytes;
    private final ServerMetrics metrics;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final java.util.Queue<byte[]> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long outboundBytes;
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
        long waiting = queuedBytes.addAndGet(frame.length) + outboundBytes;
        if (waiting > maxPendingBytes) {
            metrics.slowClientsClosed.increment();
            close(CloseCodes.SLOW_CLIENT, "the client reads too slowly (" + waiting + " bytes waiting)");
            return;
        }
        queue.add(frame);
        if (channel.eventLoop().inEventLoop()) {
            drain();
        } else if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        for (byte[] frame; (frame = queue.poll()) != null;) {
            queuedBytes.addAndGet(-frame.length);
            if (!closing) {
                channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            channel.flush();
        }
        var outbound = channel.unsafe().outboundBuffer();
        outboundBytes = outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    @Override
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        queue.clear();
        // RFC 6455: wait for the client's close frame (WebSocketHandler closes then) or a second, rather than
        // closing at once — a client still sending would get a reset and never read the code and reason.
        channel.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason))).addListener(written ->
                channel.eventLoop().schedule(() -> channel.close(), 1, java.util.concurrent.TimeUnit.SECONDS));
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
    public void execute(Runnable task) {
        channel.eventLoop().execute(task);
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    boolean isClosing() {
        return closing;
    }
}
