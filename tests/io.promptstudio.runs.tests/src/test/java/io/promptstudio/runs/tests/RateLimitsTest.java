package io.promptstudio.runs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.TimeMeter;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.RateLimits;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The limits on a clock of the test's own: a wait moves the clock instead of the test sleeping, so what is asserted
 * is how long a call waited, to the nanosecond.
 */
class RateLimitsTest {

    private final AtomicLong now = new AtomicLong();
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return now.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    private final RateLimits limits = new RateLimits(clock, now::addAndGet);

    private static final long SECOND = 1_000_000_000L;

    @Test
    void requestsOverTheMinutesLimitWaitForTheBucketToRefill() throws Exception {
        RateLimits.Limit limit = RateLimits.Limit.of(Map.of("requests_per_minute", 60));
        for (int i = 0; i < 60; i++) {
            assertNotNull(limits.acquire("openai  gpt-4o-mini", limit, 100, Cancellation.none()));
        }
        assertEquals(0, now.get(), "the first 60 go at once");
        limits.acquire("openai  gpt-4o-mini", limit, 100, Cancellation.none());
        assertEquals(SECOND, now.get(), 1_000, "the 61st waits a second: one a second once the minute's are spent");
        limits.acquire("anthropic  claude-3-5-haiku-latest", limit, 100, Cancellation.none());
        assertEquals(SECOND, now.get(), 1_000, "another account has its own bucket");
    }

    @Test
    void tokensAreTakenByEstimateAndPutRightByWhatWasUsed() throws Exception {
        RateLimits.Limit limit = RateLimits.Limit.of(Map.of("tokens_per_minute", "6000"));
        RateLimits.Permit first = limits.acquire("a", limit, 3000, Cancellation.none());
        first.settle(1000);
        RateLimits.Permit second = limits.acquire("a", limit, 3000, Cancellation.none());
        second.settle(3000);
        limits.acquire("a", limit, 2000, Cancellation.none());
        assertEquals(0, now.get(), "1000 + 3000 + 2000 used: within the minute's 6000, because the first estimate was given back");
        limits.acquire("a", limit, 600, Cancellation.none());
        assertEquals(6 * SECOND, now.get(), 1_000, "600 more tokens at 100 a second");
        limits.acquire("a", limit, 1_000_000, Cancellation.none());
        assertTrue(now.get() <= 66 * SECOND, "a call bigger than the minute's tokens waits for a full bucket, not for ever");
    }

    @Test
    void aCancelWhileWaitingSendsNothing() throws Exception {
        RateLimits.Limit limit = new RateLimits.Limit(1, null);
        Cancellation cancellation = new Cancellation();
        RateLimits waiting = new RateLimits(clock, nanos -> {
            now.addAndGet(nanos);
            cancellation.cancel();
        });
        assertNotNull(waiting.acquire("a", limit, 1, cancellation));
        assertNull(waiting.acquire("a", limit, 1, cancellation));
        assertTrue(now.get() <= SECOND / 10, "seen within a tenth of a second");
    }

    @Test
    void aProfileWithoutLimitsNeverWaits() throws Exception {
        RateLimits.Limit none = RateLimits.Limit.of(Map.of("model", "x"));
        for (int i = 0; i < 10_000; i++) {
            limits.acquire("a", none, 1_000_000, Cancellation.none()).settle(5);
        }
        assertEquals(0, now.get());
    }
}
