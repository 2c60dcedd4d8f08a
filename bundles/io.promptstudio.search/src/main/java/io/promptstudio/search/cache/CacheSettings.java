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

    /**
     * Reads settings from {@code name.threshold = 0.92}, {@code name.ttl = 12h} and {@code max-entries = 50000}
     * lines ({@code #} starts a comment); a domain that sets only one of the two keeps the default of the other.
     * Durations are {@code 30m}, {@code 12h}, {@code 7d} or ISO-8601 ({@code PT90M}). A missing file means the
     * defaults.
     *
     * @throws IllegalArgumentException naming the file, line and column and what was expected
     */
    public static CacheSettings read(java.nio.file.Path file) throws java.io.IOException {
        if (!java.nio.file.Files.exists(file)) {
            return defaults();
        }
        return parse(file.toString(), java.nio.file.Files.readString(file));
    }

    public static CacheSettings parse(String name, String text) {
        Map<String, Double> thresholds = new java.util.TreeMap<>();
        Map<String, Duration> ttls = new java.util.TreeMap<>();
        int maxEntries = defaults().maxEntries();
        for (io.promptstudio.search.text.SettingLines.Setting setting : io.promptstudio.search.text.SettingLines.parse(name, text,
                "'domain.threshold = 0.9', 'domain.ttl = 7d' or 'max-entries = N'")) {
            String key = setting.key();
            String value = setting.value();
            String valueAt = setting.valueAt(name);
            if (key.equals("max-entries")) {
                try {
                    maxEntries = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(valueAt + "expected a whole number of entries, found '" + value + "'");
                }
                if (maxEntries < 1) {
                    throw new IllegalArgumentException(valueAt + "the cache must hold at least one entry, not " + value);
                }
            } else if (key.endsWith(".threshold") && key.length() > ".threshold".length()) {
                double threshold;
                try {
                    threshold = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(valueAt + "expected a similarity between 0 and 1, found '" + value + "'");
                }
                if (!(threshold > 0 && threshold <= 1)) {
                    throw new IllegalArgumentException(valueAt + "a similarity threshold must be in (0, 1], not " + value);
                }
                thresholds.put(key.substring(0, key.length() - ".threshold".length()), threshold);
            } else if (key.endsWith(".ttl") && key.length() > ".ttl".length()) {
                Duration ttl = duration(value);
                if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                    throw new IllegalArgumentException(valueAt + "expected a positive duration such as 30m, 12h, 7d or PT90M, found '" + value + "'");
                }
                ttls.put(key.substring(0, key.length() - ".ttl".length()), ttl);
            } else {
                throw new IllegalArgumentException(name + ":" + setting.line() + ":1: unknown setting '" + key
                        + "' (expected DOMAIN.threshold, DOMAIN.ttl or max-entries)");
            }
        }
        Map<String, Domain> domains = new java.util.TreeMap<>();
        Domain fallback = new Domain(thresholds.getOrDefault(DEFAULT_DOMAIN, DEFAULT.threshold()), ttls.getOrDefault(DEFAULT_DOMAIN, DEFAULT.ttl()));
        java.util.Set<String> names = new java.util.TreeSet<>(thresholds.keySet());
        names.addAll(ttls.keySet());
        for (String domain : names) {
            domains.put(domain, new Domain(thresholds.getOrDefault(domain, fallback.threshold()), ttls.getOrDefault(domain, fallback.ttl())));
        }
        return new CacheSettings(domains, maxEntries);
    }

    private static Duration duration(String text) {
        try {
            if (text.matches("\\d+[smhd]")) {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public Domain domain(String name) {
        return domains.getOrDefault(name, domains.getOrDefault(DEFAULT_DOMAIN, DEFAULT));
    }
}
