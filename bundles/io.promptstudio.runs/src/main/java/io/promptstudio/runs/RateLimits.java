package io.promptstudio.runs;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests and tokens per minute, per provider account, for every run of this process: a profile's
 * {@code requests_per_minute} and {@code tokens_per_minute} make runs to the same provider, endpoint and model wait
 * their turn before they are sent, so that a concurrent eval or a busy Playground stays under the provider's limits
 * instead of collecting 429s. The buckets are Bucket4j's (greedy refill: a limit of 60 a minute lets one through
 * every second once the first 60 are spent). A provider's own {@code Retry-After} is honoured by the HTTP layer's
 * retries; these limits keep that from being needed.
 */
public final class RateLimits {

    private static final RateLimits SHARED = new RateLimits(TimeMeter.SYSTEM_NANOTIME, Sleeper.THREAD);

    private final TimeMeter clock;
    private final Sleeper sleeper;
    private final Map<String, Bucket> requests = new ConcurrentHashMap<>();
    private final Map<String, Bucket> tokens = new ConcurrentHashMap<>();

    /** Waits; tests give a clock of their own and a sleeper that moves it. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper THREAD = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

        void sleep(long nanos) throws InterruptedException;
    }

    public RateLimits(TimeMeter clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The limits every runner of this process shares (one provider account is one account, whoever calls it). */
    public static RateLimits shared() {
        return SHARED;
    }

    /** A profile's limits; null where it sets none. */
    public record Limit(Integer requestsPerMinute, Integer tokensPerMinute) {
        public static final Limit NONE = new Limit(null, null);

        /** From a profile's effective settings (the checker has validated them as whole numbers from 1). */
        public static Limit of(Map<String, Object> settings) {
            return new Limit(whole(settings.get("requests_per_minute")), whole(settings.get("tokens_per_minute")));
        }

        private static Integer whole(Object value) {
            return value == null ? null : new BigDecimal(String.valueOf(value)).intValueExact();
        }

        boolean any() {
            return requestsPerMinute != null || tokensPerMinute != null;
        }
    }

    /** What a call took from the token bucket, to be put right once the provider says what it used. */
    public final class Permit {
        private final Bucket bucket;
        private final long estimated;

        private Permit(Bucket bucket, long estimated) {
            this.bucket = bucket;
            this.estimated = estimated;
        }

        /** The call used {@code used} tokens (null: unknown, the estimate stands). */
        public void settle(Integer used) {
            if (bucket == null || used == null) {
                return;
            }
            long difference = used - estimated;
            if (difference > 0) {
                bucket.consumeIgnoringRateLimits(difference);
            } else if (difference < 0) {
                bucket.addTokens(-difference);
            }
        }
    }

    /**
     * Waits until a call to {@code account} may go, taking one request and {@code estimatedTokens} tokens (at most the
     * whole minute's worth), and returns the permit to settle with the tokens used. Waiting stops early when
     * {@code cancellation} is cancelled; the call is then not sent.
     *
     * @return null when the run was cancelled while it waited
     */
    public Permit acquire(String account, Limit limit, long estimatedTokens, Cancellation cancellation) throws InterruptedException {
        if (!limit.any()) {
            return new Permit(null, 0);
        }
        if (limit.requestsPerMinute() != null && !take(bucket(requests, account, limit.requestsPerMinute()), 1, cancellation)) {
            return null;
        }
        if (limit.tokensPerMinute() == null) {
            return new Permit(null, 0);
        }
        Bucket bucket = bucket(tokens, account, limit.tokensPerMinute());
        long wanted = Math.max(1, Math.min(estimatedTokens, limit.tokensPerMinute()));
        return take(bucket, wanted, cancellation) ? new Permit(bucket, wanted) : null;
    }

    private Bucket bucket(Map<String, Bucket> buckets, String account, int perMinute) {
        // a bucket per account and limit: two profiles that give one account different limits each keep their own
        return buckets.computeIfAbsent(account + "\u0000" + perMinute, key -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).withCustomTimePrecision(clock)
                .build());
    }

    private boolean take(Bucket bucket, long amount, Cancellation cancellation) throws InterruptedException {
        while (!cancellation.isCancelled()) {
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
            if (probe.isConsumed()) {
                return true;
            }
            // in slices, so that a cancel is seen within a tenth of a second
            sleeper.sleep(Math.min(probe.getNanosToWaitForRefill(), 100_000_000L));
        }
        return false;
    }
}
