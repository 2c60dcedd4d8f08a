package io.promptstudio.search.cache;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What the cache has done since it was created (or last cleared).
 *
 * @param exactHits    hits on an identical rendered input
 * @param semanticHits hits on a similar input whose facts agree
 * @param guarded      lookups where a similar entry was found but refused because the facts differed
 * @param evictions    evictions by reason: {@code expired}, {@code prompt-changed}, {@code capacity}
 */
public record CacheStats(int entries, long exactHits, long semanticHits, long misses, long guarded, Map<String, Long> evictions,
        long savedInputTokens, long savedOutputTokens, BigDecimal savedCost) {

    public long hits() {
        return exactHits + semanticHits;
    }

    public double hitRate() {
        long lookups = hits() + misses;
        return lookups == 0 ? 0 : (double) hits() / lookups;
    }
}
