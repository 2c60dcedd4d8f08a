package io.promptstudio.sync.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
 *
 * <p>Binary frames are framed here rather than by Netty's WebSocket encoder (which passes bytes through): the
 * frames of a burst go into one buffer, with no frame object, promise or encoder step per frame. The server's
 * frames are unmasked and no extension is negotiated, so a frame is its header and the payload. The keep-alive
 * is kept here too, from the time of the last write, because an idle handler that watches writes adds a promise
 * and a listener to every one.
 */
final class NettyTransport implements Transport {

    /** The longest RFC 6455 header of a server frame: two bytes and a 64-bit length. */
    private static final int MAX_HEADER_BYTES = 10;
    /** From this size a payload is written where it is instead of copied into the burst's buffer. */
    private static final int LARGE_FRAME_BYTES = 16 * 1024;

    private final Channel channel;
    private final long maxPendingBytes;
    private final ServerMetrics metrics;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final java.util.Queue<byte[]> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long outboundBytes;
    private volatile boolean closing;
    /** When this connection last wrote, on the event loop's clock; read and written on the event loop only. */
    private long lastWriteNanos;
    private io.netty.util.concurrent.ScheduledFuture<?> keepAlive;

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
        ByteBuf batch = null;
        boolean wrote = false;
        for (byte[] frame; (frame = queue.poll()) != null;) {
            queuedBytes.addAndGet(-frame.length);
            if (closing) {
                continue;
            }
            if (frame.length >= LARGE_FRAME_BYTES) {
                // a whole document's state: its header goes out alone and the payload uncopied
                if (batch != null) {
                    channel.write(batch, channel.voidPromise());
                    batch = null;
                }
                ByteBuf header = channel.alloc().buffer(MAX_HEADER_BYTES);
                writeBinaryHeader(header, frame.length);
                channel.write(header, channel.voidPromise());
                channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
            } else {
                if (batch == null) {
                    batch = channel.alloc().buffer(MAX_HEADER_BYTES + frame.length);
                }
                writeBinaryHeader(batch, frame.length);
                batch.writeBytes(frame);
            }
            wrote = true;
        }
        if (batch != null) {
            channel.write(batch, channel.voidPromise());
        }
        if (wrote) {
            lastWriteNanos = channel.eventLoop().ticker().nanoTime();
            channel.flush();
        }
        var outbound = channel.unsafe().outboundBuffer();
        outboundBytes = outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    /** RFC 6455 section 5.2: FIN and opcode 2 (binary), no mask, then the payload length in 7, 16 or 64 bits. */
    static void writeBinaryHeader(ByteBuf out, int payloadLength) {
        out.writeByte(0x82);
        if (payloadLength < 126) {
            out.writeByte(payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            out.writeByte(126);
            out.writeShort(payloadLength);
        } else {
            out.writeByte(127);
            out.writeLong(payloadLength);
        }
    }

    /**
     * Runs {@code ping} (which writes) whenever this connection has written nothing for {@code idleNanos}: proxies
     * and clients drop connections that stay silent, Hocuspocus providers after 30 s. Call on the event loop.
     */
    void keepAlive(long idleNanos, Runnable ping) {
        lastWriteNanos = channel.eventLoop().ticker().nanoTime();
        keepAlive = channel.eventLoop().schedule(() -> checkIdle(idleNanos, ping), idleNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(closed -> keepAlive.cancel(false));
    }

    private void checkIdle(long idleNanos, Runnable ping) {
        if (closing || !channel.isOpen()) {
            return;
        }
        long now = channel.eventLoop().ticker().nanoTime();
        long quiet = now - lastWriteNanos;
        if (quiet >= idleNanos) {
            ping.run();
            lastWriteNanos = now;
            quiet = 0;
        }
        keepAlive = channel.eventLoop().schedule(() -> checkIdle(idleNanos, ping), idleNanos - quiet, java.util.concurrent.TimeUnit.NANOSECONDS);
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
