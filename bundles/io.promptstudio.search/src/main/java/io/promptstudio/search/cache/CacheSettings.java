package io.promptstudio.search.cache;

import java.time.Duration;
import java.util.Map;

/**
 * Per-domain thresholds and time-to-live. A domain is a family of questions with its own tolerance: support
 * answers may be reused for a week at 0.90 similarity, prices only for an hour and only at 0.97.
 *
 * @param maxEntries entries kept in all; the oldest are evicted beyond it
 */
public record CacheSettings(Map<String, Domain> domains, int maxEntries) {

    public static final String DEFAULT_DOMAIN = "default";

    /**
     * @param threshold the cosine similarity of rendered inputs at or above which an answer may be reused
     *                  (when the facts agree as well)
     */
    public record Domain(double threshold, Duration ttl) {
        public Domain {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("a similarity threshold must be in (0, 1], not " + threshold);
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("a time-to-live must be positive, not " + ttl);
            }
        }
    }

    /**
     * 0.90: on the labelled set (the cache benchmark in docs/performance.md) where false hits fall to about 1 %
     * while three quarters of the paraphrases still hit.
     */
    public static final Domain DEFAULT = new Domain(0.90, Duration.ofDays(7));

    public CacheSettings {
        domains = Map.copyOf(domains);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the cache must hold at least one entry, not " + maxEntries);
        }
    }

    public static CacheSettings defaults() {
        return new CacheSettings(Map.of(), 100_000);
    }

    public Domain domain(String name) {
        return domains.getOrDefault(name, domains.getOrDefault(DEFAULT_DOMAIN, DEFAULT));
    }
}
