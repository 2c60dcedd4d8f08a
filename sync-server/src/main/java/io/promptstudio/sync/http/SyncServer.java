package io.promptstudio.sync.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.promptstudio.core.PromptStudioVersion;
import io.promptstudio.sync.HealthService;
import io.promptstudio.sync.ServerConfig;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The network side of the server: binds the port, serves HTTP, and shuts down gracefully. */
public final class SyncServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncServer.class);

    private final ServerConfig config;
    private final HealthService health;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public SyncServer(ServerConfig config) {
        this.config = config;
        this.health = new HealthService(config);
    }

    /** Binds and starts serving; returns the bound port (useful with port 0). */
    public synchronized int start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("the server is already started");
        }
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 256)
                    .childHandler(new HttpServerInitializer(health))
                    .bind(config.bindAddress(), config.port())
                    .sync()
                    .channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        health.setAccepting(true);
        LOG.atInfo().addKeyValue("version", PromptStudioVersion.version()).addKeyValue("profile", config.profile().id())
                .addKeyValue("bind", config.bindAddress()).addKeyValue("port", port)
                .addKeyValue("dataDirectory", config.dataDirectory()).log("listening");
        return port;
    }

    /** Stops accepting, lets open requests finish within the grace period, then releases all threads. */
    public synchronized void stop() {
        if (serverChannel == null || stopped.getCount() == 0) {
            return;
        }
        LOG.atInfo().addKeyValue("graceSeconds", config.shutdownGrace().toSeconds()).log("stopping");
        health.setAccepting(false);
        serverChannel.close().syncUninterruptibly();
        shutdownGroups();
        LOG.info("stopped");
        stopped.countDown();
    }

    private void shutdownGroups() {
        long grace = config.shutdownGrace().toMillis();
        var boss = bossGroup.shutdownGracefully(0, grace, TimeUnit.MILLISECONDS);
        var workers = workerGroup.shutdownGracefully(Math.min(100, grace), grace, TimeUnit.MILLISECONDS);
        boss.awaitUninterruptibly(grace + 1000);
        workers.awaitUninterruptibly(grace + 1000);
    }

    /** Blocks until {@link #stop()} finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public HealthService health() {
        return health;
    }

    @Override
    public void close() {
        stop();
    }
}
