package io.promptstudio.runs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.RunCache;
import io.promptstudio.runs.RunException;
import io.promptstudio.runtime.Execution;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.CacheKey;
import io.promptstudio.search.cache.CachePolicy;
import io.promptstudio.search.cache.SemanticCache;
import java.util.Map;
import java.util.TreeMap;

/**
 * The semantic cache in front of runs: exact hits on the same arguments, semantic hits on similar ones, for one
 * prompt version, profile and domain; only at temperature 0 unless the request says otherwise.
 */
public final class SemanticRunCache implements RunCache {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** What a miss keeps to store the answer. */
    private record Pending(CacheKey key, String input, SemanticCache.Lookup found) {
    }

    private final SemanticCache cache;
    private final boolean owned;

    /** @param owned whether closing this closes the cache (false: the caller holds it open for many runs) */
    public SemanticRunCache(SemanticCache cache, boolean owned) {
        this.cache = cache;
        this.owned = owned;
    }

    /**
     * What the cache compares: the arguments only — the template is the same for one prompt version, and would
     * otherwise dominate the similarity. One text argument is itself; several are {@code name: value} lines.
     */
    private static String input(RenderedPrompt rendered) {
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

    @Override
    public Lookup lookup(RenderedPrompt rendered, String promptSource, ModelSettings settings, CacheUse use) throws RunException {
        String refusal = CachePolicy.refusal(settings.temperature() == null ? null : settings.temperature().doubleValue(), use.anyTemperature());
        if (refusal != null) {
            return new Lookup(null, null, 0, "cache: not used: " + refusal, false, null);
        }
        String version = Execution.sha256(promptSource);
        CacheKey key = new CacheKey(rendered.prompt(), version, settings.profile(), use.domain());
        String input = input(rendered);
        long start = System.nanoTime();
        SemanticCache.Lookup found;
        try {
            found = cache.lookup(key, input);
        } catch (CacheException e) {
            throw new RunException(RunException.Kind.CACHE, e.getMessage(), e);
        }
        Pending pending = new Pending(key, input, found);
        if (found.hit().isEmpty() || use.exactOnly() && !found.hit().get().exact()) {
            return new Lookup(null, null, 0, null, true, pending);
        }
        SemanticCache.Hit hit = found.hit().get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String status = hit.exact() ? "exact-hit" : String.format("semantic-hit %.3f", hit.similarity());
        String note = hit.exact() ? "cache: hit (the same input, answered " + hit.storedAt() + ")"
                : String.format("cache: hit (similarity %.3f to \"%s\", answered %s)", hit.similarity(), hit.cachedInput(), hit.storedAt());
        return new Lookup(hit.answer(), status, millis, note, true, pending);
    }

    @Override
    public String store(Lookup lookup, RunRecord run) throws RunException {
        if (!lookup.used() || lookup.hit() || !RunRecord.SUCCEEDED.equals(run.status()) || run.outputJson() == null) {
            return lookup.note();
        }
        Pending pending = (Pending) lookup.pending();
        try {
            cache.store(pending.key(), pending.input(), run.outputJson(), run.inputTokens(), run.outputTokens(), run.cost());
        } catch (CacheException e) {
            throw new RunException(RunException.Kind.CACHE, e.getMessage(), e);
        }
        return pending.found().refusedFor().isEmpty() ? "cache: miss; the answer is stored"
                : "cache: miss (a similar input differs in " + String.join(", ", pending.found().refusedFor()) + "); the answer is stored";
    }

    @Override
    public void close() throws RunException {
        if (!owned) {
            return;
        }
        try {
            cache.close();
        } catch (CacheException e) {
            throw new RunException(RunException.Kind.CACHE, e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
