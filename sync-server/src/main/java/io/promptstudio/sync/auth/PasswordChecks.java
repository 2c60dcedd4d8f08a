package io.promptstudio.sync.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Password checks on threads of their own: a check costs hundreds of milliseconds of CPU by design, and must
 * never hold a thread that serves health checks, REST or WebSocket upgrades. The queue is bounded: when it is full
 * the check is refused at once ({@link Busy}) instead of waiting, so a flood of logins is answered quickly and
 * costs the server at most its check threads.
 */
public final class PasswordChecks implements AutoCloseable {

    /** Refused because every check thread is busy and the queue is full. */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("the server is busy checking other logins");
        }
    }

    private final ThreadPoolExecutor executor;

    public PasswordChecks(int threads, int queued) {
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queued),
                Thread.ofPlatform().name("password-check-", 1).daemon(true).factory(), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Half the cores (at least one), with four checks waiting per thread at most: a check takes a few hundred
     * milliseconds, so a longer queue would only make callers wait longer before the same refusal.
     */
    public static PasswordChecks forThisMachine() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new PasswordChecks(threads, 4 * threads);
    }

    /**
     * Whether {@code password} matches {@code stored} (null for an account that does not exist, which costs the
     * same and never matches); completed on a check thread, or at once with {@link Busy}.
     */
    public CompletableFuture<Boolean> matches(char[] password, String stored) {
        try {
            return CompletableFuture.supplyAsync(() -> Passwords.matches(password, stored), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new Busy());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
