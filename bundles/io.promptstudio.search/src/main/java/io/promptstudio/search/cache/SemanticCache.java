package io.promptstudio.search.cache;

import io.promptstudio.core.io.EmbeddedDatabase;
import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.embed.Vectors;
import io.promptstudio.search.text.Fingerprint;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The execution engine's semantic cache, in an H2 file. A lookup answers from an entry of the same
 * {@link CacheKey} whose rendered input is identical, or similar at the domain's threshold <em>and</em> agrees on
 * negation, numbers, dates and names ({@link QueryFacts}) — similarity alone returns answers to the opposite
 * question. Entries expire after the domain's TTL, are evicted when the prompt's version changes, and the oldest
 * go beyond the size limit; every hit, miss, store and eviction is logged for the statistics (written in batches of
 * 64 and at {@link #stats()} and {@link #close()}: a crash loses at most that many log lines, never an entry). The entries of a
 * key are held in memory once looked up, so a lookup is a scan of their vectors, not a query. Thread-safe.
 */
public final class SemanticCache implements AutoCloseable {

    /**
     * An answer from the cache.
     *
     * @param exact the stored input was identical (no similarity needed)
     */
    public record Hit(long entry, String answer, double similarity, boolean exact, String cachedInput, Integer inputTokens,
            Integer outputTokens, BigDecimal cost, Instant storedAt) {
    }

    /**
     * What a lookup found.
     *
     * @param bestSimilarity the highest similarity among the key's live entries (0 when none)
     * @param refusedFor     when the most similar entry passed the threshold but was refused: the facts that differed
     */
    public record Lookup(Optional<Hit> hit, double bestSimilarity, List<String> refusedFor) {
    }

    /** How far below the threshold an int8 similarity may fall and still be checked exactly: above its error. */
    private static final double QUANTIZATION_MARGIN = 0.03;

    private static final List<String> SCHEMA = List.of("""
            CREATE TABLE cache_entry (
              id BIGINT AUTO_INCREMENT PRIMARY KEY,
              prompt VARCHAR NOT NULL, prompt_version VARCHAR NOT NULL, profile VARCHAR NOT NULL, domain VARCHAR NOT NULL,
              input CLOB NOT NULL, input_hash VARCHAR NOT NULL, vector VARBINARY NOT NULL, embedder VARCHAR NOT NULL,
              answer CLOB NOT NULL, input_tokens INT, output_tokens INT, cost DECIMAL(20, 10),
              stored_at TIMESTAMP WITH TIME ZONE NOT NULL, expires_at TIMESTAMP WITH TIME ZONE NOT NULL)""",
            "CREATE INDEX cache_entry_key ON cache_entry (prompt, prompt_version, profile, domain)",
            """
            CREATE TABLE cache_event (
              id BIGINT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP WITH TIME ZONE NOT NULL, event VARCHAR NOT NULL,
              prompt VARCHAR NOT NULL, domain VARCHAR NOT NULL, similarity DOUBLE, reason VARCHAR,
              saved_input_tokens INT, saved_output_tokens INT, saved_cost DECIMAL(20, 10))""");

    private final Connection connection;
    private final Path file;
    private final Embedder embedder;
    private final CacheSettings settings;
    private final Clock clock;
    private final Map<CacheKey, Partition> loaded = new HashMap<>();
    /** The version of each prompt last seen, so that older versions' entries are evicted once, not on every lookup. */
    private final Map<String, String> currentVersions = new HashMap<>();

    private SemanticCache(Connection connection, Path file, Embedder embedder, CacheSettings settings, Clock clock) {
        this.connection = connection;
        this.file = file;
        this.embedder = embedder;
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens (creating when missing) the cache in {@code database} ({@code cache} becomes {@code cache.mv.db}). */
    public static SemanticCache open(Path database, Embedder embedder, CacheSettings settings, Clock clock) throws CacheException {
        Path shown = EmbeddedDatabase.fileOf(database);
        try {
            SemanticCache cache = new SemanticCache(EmbeddedDatabase.open(new org.h2.Driver(), database), shown, embedder, settings, clock);
            cache.migrate();
            return cache;
        } catch (SQLException e) {
            String reason = switch (EmbeddedDatabase.refusal(e)) {
                case IN_USE -> "another process is using it";
                case DAMAGED -> "it is damaged; it was left as it is — move it away (or run `promptstudio cache clear --force`) to start a new cache";
                case FOREIGN -> "it is not a semantic cache; it was left as it is";
                case OTHER -> e.getMessage();
            };
            throw new CacheException("cannot open the semantic cache " + shown + ": " + reason, e);
        } catch (IOException e) {
            throw new CacheException("cannot create the folder of the semantic cache " + shown + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException, CacheException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS cache_schema (version INT NOT NULL)");
            int version;
            try (ResultSet result = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM cache_schema")) {
                result.next();
                version = result.getInt(1);
            }
            if (version > 1) {
                throw new CacheException("the semantic cache " + file + " was written by a newer PromptStudio (schema " + version + ")", null);
            }
            if (version == 0) {
                connection.setAutoCommit(false);
                for (String sql : SCHEMA) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO cache_schema VALUES (1)");
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
    }

    public Path file() {
        return file;
    }

    public synchronized Lookup lookup(CacheKey key, String input) throws CacheException {
        return lookup(key, input, embedder.embed(input));
    }

    /** A lookup with the input's vector computed by the caller (the benchmark embeds a labelled set once). */
    public synchronized Lookup lookup(CacheKey key, String input, float[] vector) throws CacheException {
        try {
            evictOlderVersions(key);
            Partition entries = entries(key);
            Instant now = clock.instant();
            evictExpired(key, entries, now);
            String inputHash = Fingerprint.sha256(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Partition.Entry same = entries.byInputHash(inputHash);
            if (same != null) {
                Hit hit = hit(same.id(), 1.0, true);
                log("hit", key, 1.0, "exact", hit);
                return new Lookup(Optional.of(hit), 1.0, List.of());
            }
            float[] unit = Vectors.normalized(vector);
            double threshold = settings.domain(key.domain()).threshold();
            double[] similarity = entries.estimates(Vectors.int8(unit));
            double bestEstimate = -1;
            for (double estimate : similarity) {
                bestEstimate = Math.max(bestEstimate, estimate);
            }
            // the int8 scan finds who may pass the threshold (or be the best); the float vectors decide
            double refineFrom = Math.min(threshold, bestEstimate) - QUANTIZATION_MARGIN;
            double best = 0;
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < similarity.length; i++) {
                if (similarity[i] >= refineFrom) {
                    similarity[i] = Vectors.dot(unit, entries.get(i).vector());
                }
                best = Math.max(best, similarity[i]);
                if (similarity[i] >= threshold) {
                    candidates.add(i);
                }
            }
            candidates.sort((a, b) -> Double.compare(similarity[b], similarity[a]));
            QueryFacts facts = null;
            List<String> refusedFor = List.of();
            for (int index : candidates) {
                Partition.Entry candidate = entries.get(index);
                if (facts == null) {
                    facts = QueryFacts.of(input);
                }
                List<String> differences = facts.differences(candidate.facts());
                double score = similarity[index];
                if (differences.isEmpty()) {
                    Hit hit = hit(candidate.id(), score, false);
                    log("hit", key, score, "similar", hit);
                    return new Lookup(Optional.of(hit), best, List.of());
                }
                if (refusedFor.isEmpty()) {
                    refusedFor = differences;
                }
            }
            log(refusedFor.isEmpty() ? "miss" : "guarded", key, best, refusedFor.isEmpty() ? null : String.join(",", refusedFor), null);
            return new Lookup(Optional.empty(), best, refusedFor);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /** Stores an answer for the input (replacing an entry of the same key with the identical input). */
    public synchronized long store(CacheKey key, String input, String answer, Integer inputTokens, Integer outputTokens, BigDecimal cost)
            throws CacheException {
        return store(key, input, embedder.embed(input), answer, inputTokens, outputTokens, cost);
    }

    public synchronized long store(CacheKey key, String input, float[] vector, String answer, Integer inputTokens, Integer outputTokens,
            BigDecimal cost) throws CacheException {
        try {
            evictOlderVersions(key);
            Partition entries = entries(key);
            String inputHash = Fingerprint.sha256(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Partition.Entry same = entries.byInputHash(inputHash);
            if (same != null) {
                delete(same.id());
                entries.remove(same.id());
            }
            Instant now = clock.instant();
            Instant expires = now.plus(settings.domain(key.domain()).ttl());
            float[] unit = Vectors.normalized(vector);
            long id;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO cache_entry (prompt, prompt_version, profile, domain, input, input_hash, vector, embedder, answer,
                      input_tokens, output_tokens, cost, stored_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, key.prompt());
                insert.setString(2, key.promptVersion());
                insert.setString(3, key.profile());
                insert.setString(4, key.domain());
                insert.setString(5, input);
                insert.setString(6, inputHash);
                insert.setBytes(7, Vectors.toBytes(unit));
                insert.setString(8, embedder.id());
                insert.setString(9, answer);
                insert.setObject(10, inputTokens);
                insert.setObject(11, outputTokens);
                insert.setBigDecimal(12, cost);
                insert.setTimestamp(13, Timestamp.from(now));
                insert.setTimestamp(14, Timestamp.from(expires));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            entries.add(new Partition.Entry(id, inputHash, unit, QueryFacts.of(input), expires));
            log("store", key, null, null, null);
            evictBeyondCapacity();
            return id;
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    /** Removes every entry and the event log; returns how many entries there were. */
    public synchronized int clear() throws CacheException {
        try (Statement statement = connection.createStatement()) {
            int removed = statement.executeUpdate("DELETE FROM cache_entry");
            pendingEvents.clear();
            statement.executeUpdate("DELETE FROM cache_event");
            loaded.clear();
            currentVersions.clear();
            return removed;
        } catch (SQLException e) {
            throw failure("clear", e);
        }
    }

    public synchronized CacheStats stats() throws CacheException {
        try (Statement statement = connection.createStatement()) {
            flushEvents();
            int entries;
            try (ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM cache_entry")) {
                result.next();
                entries = result.getInt(1);
            }
            long exact = 0;
            long semantic = 0;
            long misses = 0;
            long guarded = 0;
            long savedIn = 0;
            long savedOut = 0;
            BigDecimal savedCost = BigDecimal.ZERO;
            Map<String, Long> evictions = new LinkedHashMap<>();
            try (ResultSet result = statement.executeQuery("""
                    SELECT event, reason, COUNT(*), COALESCE(SUM(saved_input_tokens), 0), COALESCE(SUM(saved_output_tokens), 0),
                      COALESCE(SUM(saved_cost), 0) FROM cache_event GROUP BY event, reason""")) {
                while (result.next()) {
                    String event = result.getString(1);
                    String reason = result.getString(2);
                    long count = result.getLong(3);
                    switch (event) {
                        case "hit" -> {
                            if ("exact".equals(reason)) {
                                exact += count;
                            } else {
                                semantic += count;
                            }
                            savedIn += result.getLong(4);
                            savedOut += result.getLong(5);
                            savedCost = savedCost.add(result.getBigDecimal(6));
                        }
                        case "miss" -> misses += count;
                        case "guarded" -> {
                            misses += count;
                            guarded += count;
                        }
                        case "evict" -> evictions.merge(reason, count, Long::sum);
                        default -> {
                        }
                    }
                }
            }
            return new CacheStats(entries, exact, semantic, misses, guarded, evictions, savedIn, savedOut, savedCost.stripTrailingZeros());
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private Partition entries(CacheKey key) throws SQLException {
        Partition entries = loaded.get(key);
        if (entries != null) {
            return entries;
        }
        entries = new Partition();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id, input, input_hash, vector, embedder, stored_at, expires_at FROM cache_entry
                WHERE prompt = ? AND prompt_version = ? AND profile = ? AND domain = ? ORDER BY id""")) {
            select.setString(1, key.prompt());
            select.setString(2, key.promptVersion());
            select.setString(3, key.profile());
            select.setString(4, key.domain());
            try (ResultSet result = select.executeQuery()) {
                List<Long> otherModel = new ArrayList<>();
                while (result.next()) {
                    float[] vector = Vectors.fromBytes(result.getBytes(4));
                    if (!embedder.id().equals(result.getString(5)) || vector.length != embedder.dimension()) {
                        otherModel.add(result.getLong(1));
                        continue;
                    }
                    entries.add(new Partition.Entry(result.getLong(1), result.getString(3), vector, QueryFacts.of(result.getString(2)),
                            result.getTimestamp(7).toInstant()));
                }
                for (long id : otherModel) {
                    delete(id);
                    log("evict", key, null, "embedder-changed", null);
                }
            }
        }
        loaded.put(key, entries);
        return entries;
    }

    private void evictOlderVersions(CacheKey key) throws SQLException {
        if (key.promptVersion().equals(currentVersions.get(key.prompt()))) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM cache_entry WHERE prompt = ? AND prompt_version <> ?")) {
            delete.setString(1, key.prompt());
            delete.setString(2, key.promptVersion());
            int removed = delete.executeUpdate();
            for (int i = 0; i < removed; i++) {
                log("evict", key, null, "prompt-changed", null);
            }
        }
        loaded.keySet().removeIf(other -> other.prompt().equals(key.prompt()) && !other.promptVersion().equals(key.promptVersion()));
        currentVersions.put(key.prompt(), key.promptVersion());
    }

    private void evictExpired(CacheKey key, Partition entries, Instant now) throws SQLException {
        for (Partition.Entry entry : entries.expired(now)) {
            delete(entry.id());
            entries.remove(entry.id());
            log("evict", key, null, "expired", null);
        }
    }

    private void evictBeyondCapacity() throws SQLException {
        int count;
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM cache_entry")) {
            result.next();
            count = result.getInt(1);
        }
        if (count <= settings.maxEntries()) {
            return;
        }
        try (PreparedStatement oldest = connection.prepareStatement(
                "SELECT id, prompt, prompt_version, profile, domain FROM cache_entry ORDER BY id LIMIT ?")) {
            oldest.setInt(1, count - settings.maxEntries());
            try (ResultSet result = oldest.executeQuery()) {
                while (result.next()) {
                    long id = result.getLong(1);
                    CacheKey key = new CacheKey(result.getString(2), result.getString(3), result.getString(4), result.getString(5));
                    delete(id);
                    Partition entries = loaded.get(key);
                    if (entries != null) {
                        entries.remove(id);
                    }
                    log("evict", key, null, "capacity", null);
                }
            }
        }
    }

    private Hit hit(long id, double similarity, boolean exact) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT answer, input, input_tokens, output_tokens, cost, stored_at FROM cache_entry WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return new Hit(id, result.getString(1), similarity, exact, result.getString(2), (Integer) result.getObject(3),
                        (Integer) result.getObject(4), result.getBigDecimal(5), result.getTimestamp(6).toInstant());
            }
        }
    }

    private void delete(long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM cache_entry WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    private record Event(Instant at, String event, String prompt, String domain, Double similarity, String reason, Integer savedInput,
            Integer savedOutput, BigDecimal savedCost) {
    }

    /** Events waiting to be written: in batches, so that a lookup does not wait for a database write. */
    private final List<Event> pendingEvents = new ArrayList<>();
    private static final int EVENT_BATCH = 64;

    private void log(String event, CacheKey key, Double similarity, String reason, Hit hit) throws SQLException {
        pendingEvents.add(new Event(clock.instant(), event, key.prompt(), key.domain(), similarity, reason, hit == null ? null : hit.inputTokens(),
                hit == null ? null : hit.outputTokens(), hit == null ? null : hit.cost()));
        if (pendingEvents.size() >= EVENT_BATCH) {
            flushEvents();
        }
    }

    private void flushEvents() throws SQLException {
        if (pendingEvents.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO cache_event (at, event, prompt, domain, similarity, reason, saved_input_tokens, saved_output_tokens, saved_cost)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Event event : pendingEvents) {
                insert.setTimestamp(1, Timestamp.from(event.at()));
                insert.setString(2, event.event());
                insert.setString(3, event.prompt());
                insert.setString(4, event.domain());
                insert.setObject(5, event.similarity());
                insert.setString(6, event.reason());
                insert.setObject(7, event.savedInput());
                insert.setObject(8, event.savedOutput());
                insert.setBigDecimal(9, event.savedCost());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        pendingEvents.clear();
    }

    private CacheException failure(String action, SQLException e) {
        return new CacheException("cannot " + action + " the semantic cache " + file + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() throws CacheException {
        try {
            try {
                flushEvents();
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
