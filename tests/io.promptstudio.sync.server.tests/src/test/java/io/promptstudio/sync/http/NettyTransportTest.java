package io.promptstudio.sync.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.promptstudio.sync.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the transport puts on the wire, read back by Netty's own client-side frame decoder, and when its
 * keep-alive pings, on the event loop's frozen clock.
 */
class NettyTransportTest {

    private static final long LIMIT = 64L * 1024 * 1024;

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    /** Everything the server channel wrote, decoded as a client decodes it (unmasked frames). */
    private static List<byte[]> framesReceived(EmbeddedChannel server) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(
                WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength((int) LIMIT).build()));
        for (Object written; (written = server.readOutbound()) != null;) {
            client.writeInbound((ByteBuf) written);
        }
        List<byte[]> frames = new ArrayList<>();
        for (Object frame; (frame = client.readInbound()) != null;) {
            BinaryWebSocketFrame binary = assertInstanceOf(BinaryWebSocketFrame.class, frame);
            assertEquals(true, binary.isFinalFragment());
            frames.add(ByteBufUtil.getBytes(binary.content()));
            binary.release();
        }
        client.finishAndReleaseAll();
        return frames;
    }

    @Test
    void framesOfEveryLengthClassReachAClientDecoderIntact() {
        EmbeddedChannel server = new EmbeddedChannel();
        NettyTransport transport = new NettyTransport(server, LIMIT, new ServerMetrics());
        // the 7-bit, 16-bit and 64-bit length forms and their edges, an empty frame, and one large enough to go uncopied
        int[] lengths = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000, 3};
        for (int length : lengths) {
            transport.send(payload(length));
        }
        List<byte[]> frames = framesReceived(server);
        assertEquals(lengths.length, frames.size());
        for (int i = 0; i < lengths.length; i++) {
            assertArrayEquals(payload(lengths[i]), frames.get(i), "frame " + i + " of " + lengths[i] + " bytes");
        }
        server.finishAndReleaseAll();
    }

    @Test
    void framesSentFromAnotherThreadWhileTheLoopIsBusyGoOutInOrderAsOneBuffer() throws Exception {
        var group = new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.local.LocalIoHandler.newFactory());
        try {
            var address = new io.netty.channel.local.LocalAddress("transport-test");
            var accepted = new java.util.concurrent.CompletableFuture<io.netty.channel.Channel>();
            new io.netty.bootstrap.ServerBootstrap().group(group).channel(io.netty.channel.local.LocalServerChannel.class)
                    .childHandler(new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                        @Override
                        protected void initChannel(io.netty.channel.Channel channel) {
                            accepted.complete(channel);
                        }
                    }).bind(address).sync();
            List<ByteBuf> received = java.util.Collections.synchronizedList(new ArrayList<>());
            var client = new io.netty.bootstrap.Bootstrap().group(group).channel(io.netty.channel.local.LocalChannel.class)
                    .handler(new io.netty.channel.ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object message) {
                            received.add((ByteBuf) message);
                        }
                    }).connect(address).sync().channel();
            io.netty.channel.Channel server = accepted.get(10, TimeUnit.SECONDS);
            NettyTransport transport = new NettyTransport(server, LIMIT, new ServerMetrics());
            var busy = new java.util.concurrent.CountDownLatch(1);
            server.eventLoop().execute(() -> {
                try {
                    busy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < 5; i++) {
                transport.send(payload(10 + i));
            }
            busy.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            server.eventLoop().submit(() -> { }).sync();
            client.eventLoop().submit(() -> { }).sync();
            assertEquals(1, received.size(), "five frames queued while the loop was busy are drained into one buffer");
            EmbeddedChannel replay = new EmbeddedChannel();
            replay.writeOutbound(received.get(0));
            List<byte[]> frames = framesReceived(replay);
            assertEquals(5, frames.size());
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(payload(10 + i), frames.get(i));
            }
            client.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void theKeepAlivePingsOnlyAfterAFullIntervalWithoutWrites() {
        EmbeddedChannel server = new EmbeddedChannel();
        server.freezeTime();
        NettyTransport transport = new NettyTransport(server, LIMIT, new ServerMetrics());
        AtomicInteger pings = new AtomicInteger();
        transport.keepAlive(TimeUnit.SECONDS.toNanos(15), pings::incrementAndGet);

        server.advanceTimeBy(14, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertEquals(0, pings.get(), "14 s of silence");
        transport.send(payload(4));

        server.advanceTimeBy(2, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertEquals(0, pings.get(), "the write at 14 s restarted the interval");

        server.advanceTimeBy(13, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertEquals(1, pings.get(), "15 s after the last write");

        server.advanceTimeBy(15, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertEquals(2, pings.get(), "and every 15 s while nothing else is written");

        server.close();
        server.advanceTimeBy(60, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertEquals(2, pings.get(), "a closed connection is not pinged");
        server.finishAndReleaseAll();
    }
}
