package io.promptstudio.sync;

/** A token bucket: {@code perSecond} tokens a second, holding at most {@code burst}. One owner thread. */
public final class RateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    public RateLimiter(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token if one is there. */
    public boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
