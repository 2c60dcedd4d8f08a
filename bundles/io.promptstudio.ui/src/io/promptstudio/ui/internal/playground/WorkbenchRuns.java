package io.promptstudio.ui.internal.playground;

import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.CacheSettings;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.store.CachedRuns;
import io.promptstudio.store.HistoryException;
import io.promptstudio.store.RecordedRuns;
import io.promptstudio.store.RunHistory;
import io.promptstudio.ui.internal.language.LanguageService;
import io.promptstudio.ui.internal.preferences.KeyStore;
import io.promptstudio.ui.internal.preferences.WorkbenchSettings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Runs a prompt from the workbench: the profile's settings with the user's overrides and endpoint preference, the
 * keys from secure storage, the price table, the history of the preferences and, when asked, the semantic cache. The history is opened for each
 * run and closed after it, so that the CLI can use the same database in between.
 */
public final class WorkbenchRuns {

    /**
     * What a run asks for. {@code overrides} are profile settings as text ({@code temperature}, {@code seed}, …);
     * {@code cache}: answer from the semantic cache when it can (temperature 0 only) and store the answer.
     */
    public record Request(String prompt, Map<String, Object> arguments, String profile, Map<String, String> overrides, boolean cache) {
    }

    private static final List<Consumer<RunRecord>> LISTENERS = new CopyOnWriteArrayList<>();

    private WorkbenchRuns() {
    }

    /** Told after each run is recorded (on the thread that ran it). */
    public static void addListener(Consumer<RunRecord> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<RunRecord> listener) {
        LISTENERS.remove(listener);
    }

    /** The settings a request runs with. */
    public static ModelSettings settings(Request request) {
        LanguageSession session = LanguageService.get().session();
        Map<String, Object> settings = new LinkedHashMap<>(session.profileSettings(request.profile())
                .orElseThrow(() -> new IllegalArgumentException("no profile named '" + request.profile() + "'; profiles: "
                        + String.join(", ", session.profiles()))));
        String provider = String.valueOf(settings.getOrDefault("provider", "openai"));
        String endpoint = WorkbenchSettings.endpoint(provider);
        if (endpoint != null) {
            settings.put("endpoint", endpoint);
        }
        request.overrides().forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                settings.put(key, value.strip());
            }
        });
        try {
            return ModelSettings.of(request.profile(), settings);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("an override is not a number of the right kind: " + request.overrides());
        }
    }

    /**
     * Cancels a run: interrupts the thread that makes the provider call, never the one that writes the history
     * (H2's file channels close on an interrupt).
     */
    public static final class Cancellation {
        private volatile boolean cancelled;
        private volatile Thread call;

        public void cancel() {
            cancelled = true;
            Thread thread = call;
            if (thread != null) {
                thread.interrupt();
            }
        }

        public boolean isCancelled() {
            return cancelled;
        }
    }

    private static SemanticCache openCache() throws CacheException, IOException {
        CacheSettings settings;
        try {
            settings = CacheSettings.read(WorkbenchSettings.home().resolve("cache-domains.properties"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return SemanticCache.open(WorkbenchSettings.cacheFile(), io.promptstudio.ui.internal.search.SearchService.embedder(), settings,
                java.time.Clock.systemUTC());
    }

    /** The answer of a cached run as the output pane shows streamed text: a text output as it is, others as JSON. */
    private static String textOf(RunRecord run) {
        try {
            var output = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.outputJson());
            return output.isTextual() ? output.asText() : output.toPrettyString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return run.outputJson();
        }
    }

    /**
     * Renders and runs the request, streaming the answer to {@code onText}, and records it in the history. The
     * provider call runs on a thread of its own that {@code cancellation} interrupts.
     *
     * @throws ArgumentException when an argument does not fit its parameter (nothing is run or recorded)
     */
    public static RunRecord run(Request request, Consumer<String> onText, Cancellation cancellation)
            throws ArgumentException, IOException, HistoryException, InterruptedException {
        LanguageSession session = LanguageService.get().session();
        RenderedPrompt rendered = session.render(request.prompt(), request.arguments());
        ModelSettings settings = settings(request);
        PriceTable prices = PriceTable.load(WorkbenchSettings.pricesFile());
        String source = session.promptSource(request.prompt());
        RunRecord run;
        try (RunHistory history = RunHistory.open(WorkbenchSettings.historyFile());
                SemanticCache cache = request.cache() ? openCache() : null) {
            RecordedRuns runs = new RecordedRuns(prices, history, KeyStore::lookup);
            CachedRuns.Lookup lookup = cache == null ? null : CachedRuns.lookup(cache, null, false, rendered, source, settings);
            if (lookup != null && lookup.hit() != null) {
                run = lookup.hit();
                runs.record(run);
                onText.accept(textOf(run));
                LISTENERS.forEach(listener -> listener.accept(run));
                return run;
            }
            RunRecord[] result = new RunRecord[1];
            RuntimeException[] failure = new RuntimeException[1];
            Thread call = new Thread(() -> {
                try {
                    result[0] = runs.execute(rendered, source, settings, onText);
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            }, "PromptStudio call: " + request.prompt());
            call.setDaemon(true);
            cancellation.call = call;
            call.start();
            if (cancellation.isCancelled()) {
                call.interrupt();
            }
            call.join();
            cancellation.call = null;
            if (failure[0] != null) {
                throw failure[0];
            }
            run = result[0];
            runs.record(run);
            if (lookup != null) {
                CachedRuns.store(cache, lookup, run);
            }
        } catch (CacheException e) {
            throw new IOException(e.getMessage(), e);
        }
        LISTENERS.forEach(listener -> listener.accept(run));
        return run;
    }
}
