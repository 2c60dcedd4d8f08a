package io.promptstudio.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.CacheKey;
import io.promptstudio.search.cache.CachePolicy;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.search.text.Fingerprint;
import io.promptstudio.store.HistoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code run --cache}: answers from the semantic cache when the profile allows it and a stored answer matches,
 * otherwise runs the prompt and stores a successful answer. Cache hits go into the history too, marked as such
 * and costing nothing.
 */
final class CachedRuns {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CachedRuns() {
    }

    /**
     * What the cache compares: the arguments only — the template is the same for one prompt version, and would
     * otherwise dominate the similarity. One text argument is itself; several are {@code name: value} lines.
     */
    static String input(RenderedPrompt rendered) throws JsonProcessingException {
        Map<String, Object> arguments = new TreeMap<>(rendered.arguments());
        if (arguments.size() == 1 && arguments.values().iterator().next() instanceof String text) {
            return text;
        }
        StringBuilder input = new StringBuilder();
        for (var argument : arguments.entrySet()) {
            Object value = argument.getValue();
            input.append(argument.getKey()).append(": ").append(value instanceof String text ? text : JSON.writeValueAsString(value)).append('\n');
        }
        return input.toString().strip();
    }

    static RunRecord run(CliRunner runner, LanguageWorkspace workspace, Prompt prompt, RenderedPrompt rendered, ModelSettings settings,
            SemanticCache cache, String domain, boolean anyTemperature, PrintWriter err) throws IOException, HistoryException, CacheException {
        String refusal = CachePolicy.refusal(settings.temperature() == null ? null : settings.temperature().doubleValue(), anyTemperature);
        if (refusal != null) {
            err.println("cache: not used: " + refusal + " (--cache-any-temperature to cache anyway)");
            return runner.run(workspace, prompt, rendered, settings);
        }
        String source = CliRunner.source(workspace, prompt);
        String version = Fingerprint.sha256(source.getBytes(StandardCharsets.UTF_8));
        CacheKey key = new CacheKey(rendered.prompt(), version, settings.profile(), domain);
        String input = input(rendered);
        long start = System.nanoTime();
        SemanticCache.Lookup lookup = cache.lookup(key, input);
        if (lookup.hit().isPresent()) {
            SemanticCache.Hit hit = lookup.hit().get();
            long millis = (System.nanoTime() - start) / 1_000_000;
            String status = hit.exact() ? "exact-hit" : String.format("semantic-hit %.3f", hit.similarity());
            RunRecord run = new RunRecord(UUID.randomUUID().toString(), Instant.now(), rendered.prompt(), version, settings.profile(),
                    JSON.writeValueAsString(rendered.arguments()), settings.provider(), settings.model(), null, null, null, hit.answer(), "[]", null, null,
                    null, BigDecimal.ZERO, null, millis, status, RunRecord.SUCCEEDED, null, null);
            runner.record(run);
            err.println(hit.exact() ? "cache: hit (the same input, answered " + hit.storedAt() + ")"
                    : String.format("cache: hit (similarity %.3f to \"%s\", answered %s)", hit.similarity(), hit.cachedInput(), hit.storedAt()));
            return run;
        }
        RunRecord run = runner.run(workspace, prompt, rendered, settings);
        if (RunRecord.SUCCEEDED.equals(run.status()) && run.outputJson() != null) {
            cache.store(key, input, run.outputJson(), run.inputTokens(), run.outputTokens(), run.cost());
            err.println(lookup.refusedFor().isEmpty() ? "cache: miss; the answer is stored"
                    : "cache: miss (a similar input differs in " + String.join(", ", lookup.refusedFor()) + "); the answer is stored");
        }
        return run;
    }
}
