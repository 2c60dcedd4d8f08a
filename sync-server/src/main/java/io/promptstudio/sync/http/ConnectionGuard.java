package io.promptstudio.sync.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.promptstudio.sync.ConnectionCounter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits each accepted connection, whatever it turns into (REST, a WebSocket, or nothing at all), against a cap
 * on all connections — kept below the process's file limit — and a cap per address. A connection over a cap is
 * closed at once, except while a few reserved slots are free: it is then admitted to be told why, and to be
 * answered if it asks for {@code /health} or {@code /ready}, so that a load balancer still sees the server under a
 * flood of idle connections.
 */
final class ConnectionGuard {

    /** Why a connection was admitted over a cap; absent on a connection within the caps. */
    enum Overflow {
        /** Its address has its share of connections. */
        ADDRESS,
        /** The server has all the connections it takes. */
        SERVER
    }

    static final AttributeKey<Overflow> OVERFLOW = AttributeKey.valueOf("promptstudio.overflow");
    /** File descriptors kept for everything but client connections: the database, logs, the reserved slots. */
    static final int FILE_RESERVE = 512;
    static final int RESERVED_SLOTS = 64;

    private final int maxConnections;
    private final int maxPerAddress;
    private final ConnectionCounter perAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger reserved = new AtomicInteger();

    ConnectionGuard(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.perAddress = new ConnectionCounter(maxPerAddress);
    }

    /** The cap on all connections: the configured one, or what the file limit allows less {@link #FILE_RESERVE}. */
    static int capFor(int configured, long fileLimit) {
        long allowed = fileLimit <= 0 ? Integer.MAX_VALUE : Math.max(16, fileLimit - FILE_RESERVE);
        return (int) Math.min(configured > 0 ? configured : Integer.MAX_VALUE, allowed);
    }

    /** The process's limit on open files, or -1 where the JVM cannot tell. */
    static long fileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** The client's IP address as text: what the per-address cap counts. */
    static String address(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                ? remote.getAddress().getHostAddress() : String.valueOf(channel.remoteAddress());
    }

    int maxConnections() {
        return maxConnections;
    }

    int maxPerAddress() {
        return maxPerAddress;
    }

    int open() {
        return open.get();
    }

    /**
     * Counts the new connection; returns false when it must be closed at once. A connection admitted over a cap
     * carries {@link #OVERFLOW}. Its counts are given back when it closes.
     */
    boolean admit(Channel channel) {
        String address = address(channel);
        Overflow overflow = null;
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            overflow = Overflow.SERVER;
        } else if (!perAddress.tryOpen(address)) {
            open.decrementAndGet();
            overflow = Overflow.ADDRESS;
        }
        if (overflow == null) {
            channel.closeFuture().addListener(closed -> {
                perAddress.release(address);
                open.decrementAndGet();
            });
            return true;
        }
        if (reserved.incrementAndGet() > RESERVED_SLOTS) {
            reserved.decrementAndGet();
            return false;
        }
        channel.attr(OVERFLOW).set(overflow);
        channel.closeFuture().addListener(closed -> reserved.decrementAndGet());
        return true;
    }
}
