package io.promptstudio.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptstudio.search.cache.CacheSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-domain settings file: thresholds, time-to-live, the size limit, and what a bad line gets. */
class CacheSettingsTest {

    @Test
    void domainsGetTheirThresholdAndTimeToLiveAndInheritTheRestFromTheDefault() {
        CacheSettings settings = CacheSettings.parse("cache-domains.properties", """
                # prices change: reuse only near-identical questions, for an hour
                prices.threshold = 0.97
                prices.ttl = 1h
                support.ttl = P14D
                default.threshold = 0.92
                max-entries = 5000
                """);
        assertEquals(new CacheSettings.Domain(0.97, Duration.ofHours(1)), settings.domain("prices"));
        assertEquals(new CacheSettings.Domain(0.92, Duration.ofDays(14)), settings.domain("support"));
        assertEquals(new CacheSettings.Domain(0.92, Duration.ofDays(7)), settings.domain("anything else"));
        assertEquals(5000, settings.maxEntries());
        assertEquals(CacheSettings.DEFAULT, CacheSettings.parse("empty", "").domain("x"));
    }

    @Test
    void aBadLineIsRefusedWithItsPlace() {
        assertEquals("f:2:20: a similarity threshold must be in (0, 1], not 1.5", assertThrows(IllegalArgumentException.class,
                () -> CacheSettings.parse("f", "# ok\nprices.threshold = 1.5\n")).getMessage());
        assertEquals("f:1:15: expected a positive duration such as 30m, 12h, 7d or PT90M, found 'soon'", assertThrows(IllegalArgumentException.class,
                () -> CacheSettings.parse("f", "support.ttl = soon")).getMessage());
        assertEquals("f:1:1: unknown setting 'support.limit' (expected DOMAIN.threshold, DOMAIN.ttl or max-entries)",
                assertThrows(IllegalArgumentException.class, () -> CacheSettings.parse("f", "support.limit = 3")).getMessage());
        assertEquals("f:1:1: expected 'domain.threshold = 0.9', 'domain.ttl = 7d' or 'max-entries = N', found 'threshold 0.9'",
                assertThrows(IllegalArgumentException.class, () -> CacheSettings.parse("f", "threshold 0.9")).getMessage());
        assertEquals("f:1:15: expected a whole number of entries, found 'many'",
                assertThrows(IllegalArgumentException.class, () -> CacheSettings.parse("f", "max-entries = many")).getMessage());
    }
}
