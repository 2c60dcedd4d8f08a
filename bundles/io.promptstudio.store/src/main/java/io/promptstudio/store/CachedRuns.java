package io.promptstudio.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.CacheKey;
import io.promptstudio.search.cache.CachePolicy;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.search.text.Fingerprint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The semantic cache in front of runs, for {@code promptstudio run --cache} and the Playground's Cache box: a
 * lookup before the run (a hit is a run record marked {@code exact-hit} or {@code semantic-hit 0.934}, costing
 * nothing, to be recorded like any run), and storing a successful answer after it.
 */
public final class CachedRuns {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * What a lookup found.
     *
     * @param hit  the cached answer as a run, or null: then run the prompt and {@link #store} its answer
     * @param note one line for the user: a hit and where from, a miss, or why the cache was not used
     */
    public record Lookup(RunRecord hit, String note, CacheKey key, String input, SemanticCache.Lookup found) {
        public boolean used() {
            return key != null;
        }
    }

    private CachedRuns() {
    }

    /**
     * What the cache compares: the arguments only — the template is the same for one prompt version, and would
     * otherwise dominate the similarity. One text argument is itself; several are {@code name: value} lines.
     */
    public static String input(RenderedPrompt rendered) {
        Map<String, Object> arguments = new TreeMap<>(rendered.arguments());
        if (arguments.size() == 1 && arguments.values().iterator().next() instanceof String text) {
            return text;
        }
        StringBuilder input = new StringBuilder();
        for (var argument : arguments.entrySet()) {
            Object value = argument.getValue();
            input.append(argument.getKey()).append(": ").append(value instanceof String text ? text : json(value)).append('\n');
        }
        return input.toString().strip();
    }

    public static Lookup lookup(SemanticCache cache, String domain, boolean anyTemperature, RenderedPrompt rendered, String promptSource,
            ModelSettings settings) throws CacheException {
        String refusal = CachePolicy.refusal(settings.temperature() == null ? null : settings.temperature().doubleValue(), anyTemperature);
        if (refusal != null) {
            return new Lookup(null, "cache: not used: " + refusal, null, null, null);
        }
        String version = Fingerprint.sha256(promptSource.getBytes(StandardCharsets.UTF_8));
        CacheKey key = new CacheKey(rendered.prompt(), version, settings.profile(), domain);
        String input = input(rendered);
        long start = System.nanoTime();
        SemanticCache.Lookup found = cache.lookup(key, input);
        if (found.hit().isEmpty()) {
            return new Lookup(null, null, key, input, found);
        }
        SemanticCache.Hit hit = found.hit().get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String status = hit.exact() ? "exact-hit" : String.format("semantic-hit %.3f", hit.similarity());
        RunRecord run = new RunRecord(UUID.randomUUID().toString(), Instant.now(), rendered.prompt(), version, settings.profile(),
                json(rendered.arguments()), settings.provider(), settings.model(), null, null, null, hit.answer(), "[]", null, null, null,
                BigDecimal.ZERO, null, millis, status, RunRecord.SUCCEEDED, null, null);
        String note = hit.exact() ? "cache: hit (the same input, answered " + hit.storedAt() + ")"
                : String.format("cache: hit (similarity %.3f to \"%s\", answered %s)", hit.similarity(), hit.cachedInput(), hit.storedAt());
        return new Lookup(run, note, key, input, found);
    }

    /** Stores a successful run's answer after a miss; returns the note to show (null when nothing was stored). */
    public static String store(SemanticCache cache, Lookup lookup, RunRecord run) throws CacheException {
        if (!lookup.used() || lookup.hit() != null || !RunRecord.SUCCEEDED.equals(run.status()) || run.outputJson() == null) {
            return lookup.note();
        }
        cache.store(lookup.key(), lookup.input(), run.outputJson(), run.inputTokens(), run.outputTokens(), run.cost());
        return lookup.found().refusedFor().isEmpty() ? "cache: miss; the answer is stored"
                : "cache: miss (a similar input differs in " + String.join(", ", lookup.found().refusedFor()) + "); the answer is stored";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
