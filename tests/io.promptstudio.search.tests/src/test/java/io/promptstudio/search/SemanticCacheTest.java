package io.promptstudio.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.search.cache.CacheKey;
import io.promptstudio.search.cache.CachePolicy;
import io.promptstudio.search.cache.CacheSettings;
import io.promptstudio.search.cache.CacheStats;
import io.promptstudio.search.cache.QueryFacts;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.search.embed.MiniLmEmbedder;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The semantic cache on a real H2 file with the real embedding model. */
class SemanticCacheTest {

    @TempDir
    Path folder;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final CacheKey key = new CacheKey("support.Answer", "v1", "deterministic", "support");

    private SemanticCache open(CacheSettings settings) throws Exception {
        return SemanticCache.open(folder.resolve("cache"), MiniLmEmbedder.shared(), settings, clock);
    }

    @Test
    void aParaphraseHitsAndTheOppositeQuestionDoesNot() throws Exception {
        try (SemanticCache cache = open(CacheSettings.defaults())) {
            cache.store(key, "How do I reset my password?", "Use the 'Forgot password' link.", 120, 30, new BigDecimal("0.0004"));
            SemanticCache.Lookup paraphrase = cache.lookup(key, "How can I reset my password?");
            assertTrue(paraphrase.hit().isPresent(), () -> "similarity " + paraphrase.bestSimilarity());
            assertFalse(paraphrase.hit().get().exact());
            assertEquals("Use the 'Forgot password' link.", paraphrase.hit().get().answer());

            SemanticCache.Lookup negated = cache.lookup(key, "How do I not reset my password?");
            assertTrue(negated.hit().isEmpty());
            assertTrue(negated.bestSimilarity() >= CacheSettings.DEFAULT.threshold(), "plain cosine caching would have answered it");
            assertEquals(List.of("negation"), negated.refusedFor());

            cache.store(key, "What is the refund window for orders over 50 dollars?", "30 days.", 100, 5, null);
            assertEquals(List.of("numbers"), cache.lookup(key, "What is the refund window for orders over 500 dollars?").refusedFor());
            cache.store(key, "Is the Berlin office open on Monday?", "Yes, 9 to 5.", 80, 8, null);
            assertTrue(cache.lookup(key, "Is the Munich office open on Monday?").hit().isEmpty());
            assertTrue(cache.lookup(key, "Is the Berlin office open on Friday?").hit().isEmpty());
            assertTrue(cache.lookup(key, "Is the Berlin office open on Monday?").hit().get().exact());
        }
    }

    @Test
    void entriesExpireAndAnotherPromptVersionEvictsThem() throws Exception {
        CacheSettings settings = new CacheSettings(Map.of("support", new CacheSettings.Domain(0.86, Duration.ofHours(1))), 100);
        try (SemanticCache cache = open(settings)) {
            cache.store(key, "Where is my order?", "Check the tracking page.", 50, 10, null);
            clock.advance(Duration.ofMinutes(59));
            assertTrue(cache.lookup(key, "Where is my order?").hit().isPresent());
            clock.advance(Duration.ofMinutes(2));
            assertTrue(cache.lookup(key, "Where is my order?").hit().isEmpty(), "expired after its domain's hour");

            cache.store(key, "Where is my order?", "Check the tracking page.", 50, 10, null);
            CacheKey edited = new CacheKey(key.prompt(), "v2", key.profile(), key.domain());
            assertTrue(cache.lookup(edited, "Where is my order?").hit().isEmpty(), "a new template is a new question");
            assertTrue(cache.lookup(key, "Where is my order?").hit().isEmpty(), "the old version's entries are gone");
            CacheStats stats = cache.stats();
            assertEquals(Map.of("expired", 1L, "prompt-changed", 1L), stats.evictions());
            assertEquals(0, stats.entries());
        }
    }

    @Test
    void theOldestEntriesGoBeyondTheLimit() throws Exception {
        try (SemanticCache cache = open(new CacheSettings(Map.of(), 2))) {
            cache.store(key, "first question about shipping", "a", null, null, null);
            cache.store(key, "second question about billing", "b", null, null, null);
            cache.store(key, "third question about returns", "c", null, null, null);
            assertEquals(2, cache.stats().entries());
            assertTrue(cache.lookup(key, "first question about shipping").hit().isEmpty());
            assertTrue(cache.lookup(key, "third question about returns").hit().isPresent());
            assertEquals(Map.of("capacity", 1L), cache.stats().evictions());
        }
    }

    @Test
    void statisticsSurviveARestartAndClearEmptiesEverything() throws Exception {
        try (SemanticCache cache = open(CacheSettings.defaults())) {
            cache.store(key, "How do I reset my password?", "link", 120, 30, new BigDecimal("0.0004"));
            cache.lookup(key, "How do I reset my password?");
            cache.lookup(key, "How can I reset my password?");
            cache.lookup(key, "How do I not reset my password?");
            cache.lookup(key, "What are your opening hours?");
        }
        assertTrue(Files.exists(folder.resolve("cache.mv.db")));
        try (SemanticCache cache = open(CacheSettings.defaults())) {
            CacheStats stats = cache.stats();
            assertEquals(1, stats.entries());
            assertEquals(1, stats.exactHits());
            assertEquals(1, stats.semanticHits());
            assertEquals(2, stats.misses());
            assertEquals(1, stats.guarded());
            assertEquals(0.5, stats.hitRate());
            assertEquals(240, stats.savedInputTokens());
            assertEquals(60, stats.savedOutputTokens());
            assertEquals(new BigDecimal("0.0008"), stats.savedCost());
            assertTrue(cache.lookup(key, "How can I reset my password?").hit().isPresent(), "entries are read back from the file");
            assertEquals(1, cache.clear());
            assertEquals(0, cache.stats().entries());
            assertEquals(0, cache.stats().hits());
        }
    }

    @Test
    void aFileThatIsNotACacheIsRefusedWithItsName() throws Exception {
        Files.write(folder.resolve("broken.mv.db"), "this is not an H2 database at all".repeat(100).getBytes());
        var error = assertThrows(io.promptstudio.search.cache.CacheException.class,
                () -> SemanticCache.open(folder.resolve("broken"), MiniLmEmbedder.shared(), CacheSettings.defaults(), clock));
        assertTrue(error.getMessage().startsWith("cannot open the semantic cache " + folder.resolve("broken.mv.db")), error.getMessage());
        assertEquals("this is not an H2 database at all".repeat(100), Files.readString(folder.resolve("broken.mv.db")), "left as it was");
    }

    @Test
    void factsSeeNegationNumbersDatesAndNames() {
        QueryFacts facts = QueryFacts.of("Why isn't the Paris office open on 3 May 2026 for 1,500 visitors?");
        assertTrue(facts.negated());
        assertEquals(List.of("1500", "2026", "3"), facts.numbers());
        assertEquals(java.util.Set.of("may", "2026"), facts.dates());
        assertEquals(java.util.Set.of("paris"), facts.entities());
        assertFalse(QueryFacts.of("It is not impossible, is it not?").negated(), "two negations cancel");
        assertEquals(List.of("3"), QueryFacts.of("three apples").numbers());
        assertEquals(java.util.Set.of(), QueryFacts.of("What is the best way to learn?").entities(), "openers are not names");
        assertEquals(List.of("entities"), QueryFacts.of("Is Kotlin fast?").differences(QueryFacts.of("Is Scala fast?")));
        assertEquals(java.util.Set.of("next week"), QueryFacts.of("meetings next week").dates());
        assertEquals(List.of("question type"), QueryFacts.of("Who wrote Dune?").differences(QueryFacts.of("When was Dune written?")));
        assertEquals(List.of(), QueryFacts.of("How far is Lyon from Paris?").differences(QueryFacts.of("What is the distance from Lyon to Paris?")),
                "a specific question type and a generic one may be paraphrases");
        assertEquals(List.of("opposites (open / close)"), QueryFacts.of("When does the shop open on Friday?")
                .differences(QueryFacts.of("When does the shop close on Friday?")));
        assertEquals(List.of("opposites (end / start)"), QueryFacts.of("When does the sale end?").differences(QueryFacts.of("When does the sale start?")));
    }

    @Test
    void onlyRepeatableRunsAreCached() {
        assertNull(CachePolicy.refusal(0.0, false));
        assertEquals("the profile's temperature is 0.7, not 0", CachePolicy.refusal(0.7, false));
        assertEquals("the profile sets no temperature (the provider's default is not 0)", CachePolicy.refusal(null, false));
        assertNull(CachePolicy.refusal(0.7, true));
    }

    @Test
    void badSettingsAreRefused() {
        assertEquals("a similarity threshold must be in (0, 1], not 1.5",
                assertThrows(IllegalArgumentException.class, () -> new CacheSettings.Domain(1.5, Duration.ofHours(1))).getMessage());
        assertEquals("a time-to-live must be positive, not PT0S",
                assertThrows(IllegalArgumentException.class, () -> new CacheSettings.Domain(0.9, Duration.ZERO)).getMessage());
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
