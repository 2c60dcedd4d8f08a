package io.promptstudio.sync.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.promptstudio.core.PromptStudioVersion;
import io.promptstudio.sync.ConnectionCounter;
import io.promptstudio.sync.HealthService;
import io.promptstudio.sync.Profile;
import io.promptstudio.sync.ServerConfig;
import io.promptstudio.sync.ServerMetrics;
import io.promptstudio.sync.api.RestApi;
import io.promptstudio.sync.auth.PasswordChecks;
import io.promptstudio.sync.auth.TokenVerifier;
import io.promptstudio.sync.rooms.CloseCodes;
import io.promptstudio.sync.rooms.RoomRegistry;
import io.promptstudio.sync.rooms.SyncContext;
import io.promptstudio.sync.storage.DocumentStore;
import io.promptstudio.sync.storage.GroupCommitLog;
import io.promptstudio.sync.storage.H2DocumentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of the server: opens the store, binds the port, serves sync and REST, and on stop closes the
 * connections, commits what is queued and closes the store.
 */
public final class SyncServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncServer.class);
    static final int COMPACT_AFTER_UPDATES = 500;

    private final ServerConfig config;
    private final HealthService health;
    private final ServerMetrics metrics = new ServerMetrics();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private io.netty.util.concurrent.DefaultEventExecutorGroup requestThreads;
    private Channel serverChannel;
    private DocumentStore store;
    private GroupCommitLog log;
    private RoomRegistry rooms;
    private ScheduledExecutorService scheduler;
    private RestApi api;
    private PasswordChecks passwords;

    public SyncServer(ServerConfig config) {
        this.config = config;
        this.health = new HealthService(config);
    }

    private static final long AUDIT_PRUNE_HOURS = 6;

    /** Deletes the audit entries past their retention; a failure is logged and the next run tries again. */
    private void pruneAudit() {
        try {
            int pruned = store.pruneAudit(java.time.Instant.now().minus(config.auditRetention()));
            if (pruned > 0) {
                LOG.atInfo().addKeyValue("entries", pruned).addKeyValue("retentionDays", config.auditRetention().toDays())
                        .log("audit entries past their retention deleted");
            }
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("audit entries past their retention could not be deleted; trying again in " + AUDIT_PRUNE_HOURS + " h");
        }
    }

    /** Binds and starts serving; returns the bound port (useful with port 0). */
    public synchronized int start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("the server is already started");
        }
        TokenVerifier tokens = tokenVerifier(config);
        store = H2DocumentStore.open(config.dataDirectory(), Clock.systemUTC(), config.fsync());
        log = new GroupCommitLog(store, COMPACT_AFTER_UPDATES, config.fsync(), metrics::storageCommitted);
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rooms-scheduler").daemon(true).factory());
        rooms = new RoomRegistry(store, log, config.limits(), config.unloadAfter(), metrics, scheduler);
        if (!config.auditRetention().isZero()) {
            scheduler.scheduleAtFixedRate(this::pruneAudit, 0, AUDIT_PRUNE_HOURS, java.util.concurrent.TimeUnit.HOURS);
        }
        SyncContext context = new SyncContext(rooms, tokens, config.limits(), metrics,
                new ConnectionCounter(config.limits().maxConnectionsPerTenant()));
        OriginPolicy origins = new OriginPolicy(config.profile() == Profile.DEV && config.allowedOrigins().isEmpty(), config.allowedOrigins());
        WebSocketUpgrade upgrade = new WebSocketUpgrade(context, origins);
        long fileLimit = ConnectionGuard.fileLimit();
        ConnectionGuard guard = new ConnectionGuard(ConnectionGuard.capFor(config.limits().maxConnections(), fileLimit),
                config.limits().maxConnectionsPerIp());
        passwords = PasswordChecks.forThisMachine();
        api = new RestApi(rooms, tokens, tokenIssuer(config), health, metrics, this::backup, config.adminToken(), config.backupDirectory(),
                passwords);
        boolean epoll = io.netty.channel.epoll.Epoll.isAvailable();
        io.netty.channel.IoHandlerFactory network = epoll ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        bossGroup = new MultiThreadIoEventLoopGroup(1, network);
        requestThreads = new io.netty.util.concurrent.DefaultEventExecutorGroup(4, Thread.ofPlatform().name("request-", 1).daemon(true).factory());
        int ioThreads = config.ioThreads() > 0 ? config.ioThreads() : defaultIoThreads(Runtime.getRuntime().availableProcessors());
        workerGroup = new MultiThreadIoEventLoopGroup(ioThreads, network);
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(epoll ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel>() {
                        @Override
                        protected void initChannel(io.netty.channel.socket.SocketChannel channel) {
                            channels.add(channel);
                            new HttpServerInitializer(api, upgrade, origins, requestThreads, guard, config.limits()).initChannel(channel);
                        }
                    })
                    .bind(config.bindAddress(), config.port())
                    .sync()
                    .channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            closeStorage();
            throw e;
        }
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        health.setAccepting(true);
        LOG.atInfo().addKeyValue("version", PromptStudioVersion.version()).addKeyValue("profile", config.profile().id())
                .addKeyValue("bind", config.bindAddress()).addKeyValue("port", port).addKeyValue("network", epoll ? "epoll" : "nio")
                .addKeyValue("ioThreads", ioThreads).addKeyValue("maxConnections", guard.maxConnections())
                .addKeyValue("maxConnectionsPerIp", guard.maxPerAddress()).addKeyValue("fileLimit", fileLimit).addKeyValue("leakDetection", io.netty.util.ResourceLeakDetector.getLevel())
                .addKeyValue("dataDirectory", config.dataDirectory()).log("listening");
        return port;
    }

    /**
     * Half the cores, at least one. A broadcast reaches members on every network thread, and each thread it crosses
     * costs a task and a wake-up: with members spread over two threads on two cores the bench measured 65 µs per
     * delivered update against 55 µs on one, and a worse p99; the other cores serve storage, the collector and
     * the compiler.
     */
    static int defaultIoThreads(int cores) {
        return Math.max(1, cores / 2);
    }

    /**
     * An online backup into {@code target} (empty or missing): the database and every update log as of one moment,
     * as a data folder a server starts from. It runs on the storage writer between two batches, so appends and
     * compactions wait for it (acknowledgements are delayed for its length, nothing is lost).
     */
    public java.util.concurrent.CompletableFuture<io.promptstudio.sync.storage.StoreRecords.Backup> backup(Path target) {
        return log.read(() -> store.backup(target));
    }

    /**
     * Makes the owner account of a tenant for the password login when it does not exist yet (an existing one,
     * whose password may have been changed since, is left alone).
     *
     * @param account {@code tenant/user}
     * @return why it cannot be made, or null when it exists now
     */
    public String ensureOwnerAccount(String account, String password) {
        int slash = account.indexOf('/');
        if (slash < 0 || !TokenVerifier.NAME.matcher(account.substring(0, slash)).matches() || account.length() - slash - 1 < 1
                || account.length() - slash - 1 > 256) {
            return "'" + account + "' is not tenant/user (a tenant name of letters, digits, '.', '_' or '-', then a user name)";
        }
        String problem = io.promptstudio.sync.auth.Passwords.problem(password);
        if (problem != null) {
            return "PROMPTSTUDIO_OWNER_PASSWORD: " + problem;
        }
        String tenant = account.substring(0, slash);
        String user = account.substring(slash + 1);
        if (store.account(tenant, user).isEmpty()) {
            store.putAccount(new io.promptstudio.sync.storage.StoreRecords.Account(tenant, user,
                    io.promptstudio.sync.auth.Passwords.hash(password.toCharArray()), io.promptstudio.sync.auth.Role.OWNER));
        }
        return null;
    }

    /** The HS256 secret as bytes, or null for none. */
    private static byte[] hmacSecret(ServerConfig config) {
        byte[] secret = config.jwtSecret() == null ? null : config.jwtSecret().getBytes(StandardCharsets.UTF_8);
        if (secret != null && secret.length < 32) {
            // HS256 needs 256 bits; a short dev secret is stretched rather than refused, prod checks the length.
            secret = java.util.Arrays.copyOf(secret, 32);
        }
        return secret;
    }

    /** Signs the tokens of password logins with the HS256 secret; none without one. */
    static io.promptstudio.sync.auth.TokenIssuer tokenIssuer(ServerConfig config) {
        byte[] secret = hmacSecret(config);
        return secret == null ? null
                : new io.promptstudio.sync.auth.TokenIssuer(secret, config.jwtIssuer(), config.jwtAudience(), Clock.systemUTC());
    }

    static TokenVerifier tokenVerifier(ServerConfig config) {
        byte[] secret = hmacSecret(config);
        try {
            return new TokenVerifier(secret, config.jwtPublicKeyFile() == null ? null : TokenVerifier.readPublicKey(config.jwtPublicKeyFile()),
                    config.jwtIssuer(), config.jwtAudience(), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops accepting, tells every sync client the server is going away, commits every queued update, and closes
     * the store; HTTP requests in flight get the grace period.
     */
    public synchronized void stop() {
        if (serverChannel == null || stopped.getCount() == 0) {
            return;
        }
        LOG.atInfo().addKeyValue("graceSeconds", config.shutdownGrace().toSeconds()).log("stopping");
        health.setAccepting(false);
        serverChannel.close().syncUninterruptibly();
        channels.writeAndFlush(new CloseWebSocketFrame(CloseCodes.GOING_AWAY, "server shutting down"),
                channel -> channel.pipeline().get("ws") != null).awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(config.shutdownGrace().toMillis());
        shutdownGroups();
        closeStorage();
        LOG.info("stopped");
        stopped.countDown();
    }

    private void closeStorage() {
        if (passwords != null) {
            passwords.close();
        }
        if (rooms != null) {
            rooms.close();
        }
        if (log != null) {
            log.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (store != null) {
            store.close();
        }
    }

    private void shutdownGroups() {
        long grace = config.shutdownGrace().toMillis();
        var boss = bossGroup.shutdownGracefully(0, grace, TimeUnit.MILLISECONDS);
        var workers = workerGroup.shutdownGracefully(Math.min(100, grace), grace, TimeUnit.MILLISECONDS);
        var requests = requestThreads.shutdownGracefully(0, grace, TimeUnit.MILLISECONDS);
        boss.awaitUninterruptibly(grace + 1000);
        workers.awaitUninterruptibly(grace + 1000);
        requests.awaitUninterruptibly(grace + 1000);
    }

    /** Blocks until {@link #stop()} finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** The bound port, once started. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public HealthService health() {
        return health;
    }

    /** The REST API being served (its route list is what /openapi.json is checked against). */
    public RestApi api() {
        return api;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        stop();
    }
}
