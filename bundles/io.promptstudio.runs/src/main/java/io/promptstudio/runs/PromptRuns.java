package io.promptstudio.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runtime.Execution;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.runtime.provider.ChatProvider;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.ProviderException;
import io.promptstudio.runtime.provider.Providers;
import io.promptstudio.store.HistoryException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way a prompt is run, whoever runs it: the CLI's {@code run} and {@code test}, the Playground and its
 * Compare, and every later feature that runs prompts. A run is rendered from the {@link PromptCatalog}, runs with
 * its profile's settings (with the request's overrides and the endpoint preferences over them), is answered from
 * the {@link RunCache} when the request asks and the cache can, else is sent to its provider and its answer parsed
 * as the output type and priced, and is then recorded — failed runs too — and its answer stored in the cache.
 *
 * <p>The provider call runs on a thread of its own, which {@link Cancellation} interrupts: never the caller's thread,
 * which writes the history (H2 closes its files on an interrupt). A cancelled run is recorded as failed.
 */
public final class PromptRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromptCatalog catalog;
    private final RunRecorder recorder;
    private final KeySource keys;
    private final PriceSource prices;
    private final Function<String, String> endpoints;
    private final RunCache.Opener caches;
    private final RateLimits rateLimits;
    private final List<Consumer<RunRecord>> observers = new CopyOnWriteArrayList<>();

    private PromptRuns(Builder builder) {
        this.catalog = Objects.requireNonNull(builder.catalog, "a catalog");
        this.recorder = Objects.requireNonNull(builder.recorder, "a recorder");
        this.keys = builder.keys;
        this.prices = builder.prices;
        this.endpoints = builder.endpoints;
        this.caches = builder.caches;
        this.rateLimits = builder.rateLimits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The same run path (history, keys, prices, endpoints, cache and rate limits) over other prompts: an optimizer's
     * candidates, which live only in its own language workspace. Observers are not carried over.
     */
    public PromptRuns withCatalog(PromptCatalog other) {
        return new Builder().catalog(other).recorder(recorder).keys(keys).prices(prices).endpoints(endpoints).caches(caches).rateLimits(rateLimits)
                .build();
    }

    /**
     * Runs the request and records the run, whatever its outcome (a missing key or a provider's refusal is a failed
     * run, returned and recorded); only a run that cannot start, or cannot be recorded, throws.
     *
     * @throws ArgumentException when an argument does not fit its parameter: nothing is run or recorded
     * @throws RunException      when the settings cannot be resolved, the cache or the prompt's file cannot be read
     *                           (nothing is run), the price table cannot be read (nothing is run), or the history
     *                           cannot be written (the run happened)
     */
    public RunRecord run(RunRequest request, RunListener listener, Cancellation cancellation) throws ArgumentException, RunException {
        RenderedPrompt rendered = catalog.render(request.prompt(), request.arguments());
        Map<String, Object> effective = effectiveSettings(request);
        ModelSettings settings;
        RateLimits.Limit limit;
        try {
            settings = ModelSettings.of(String.valueOf(effective.get(PROFILE_NAME)), effective);
            limit = RateLimits.Limit.of(effective);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RunException(RunException.Kind.SETTINGS, "an override is not a number of the right kind: " + request.overrides(), e);
        }
        String source;
        try {
            source = catalog.source(request.prompt());
        } catch (IOException e) {
            throw new RunException(RunException.Kind.SOURCE, "cannot read the file of " + request.prompt() + ": " + e.getMessage(), e);
        }
        RunRecord run;
        if (request.cache() == null) {
            run = execute(rendered, source, settings, limit, listener, cancellation);
            record(run, source);
        } else {
            if (caches == null) {
                throw new RunException(RunException.Kind.CACHE, "this runner has no cache", null);
            }
            try (RunCache cache = caches.open()) {
                RunCache.Lookup lookup = cache.lookup(rendered, source, settings, request.cache());
                if (lookup.hit()) {
                    run = Execution.asked(rendered, source, settings).outputJson(lookup.answer()).cost(BigDecimal.ZERO)
                            .totalMillis(lookup.millis()).cacheStatus(lookup.cacheStatus()).status(RunRecord.SUCCEEDED).build();
                    listener.text(shown(lookup.answer()));
                } else {
                    run = execute(rendered, source, settings, limit, listener, cancellation);
                }
                record(run, source);
                String note = cache.store(lookup, run);
                if (note != null) {
                    listener.cacheNote(note, lookup.used());
                }
            }
        }
        observers.forEach(observer -> observer.accept(run));
        return run;
    }

    /**
     * The settings a request runs with: its profile's (or the prompt's own), the endpoint preference for the
     * provider, then the request's overrides.
     *
     * @throws RunException ({@link RunException.Kind#NO_PROFILE}) when neither the request nor the prompt names a
     *                      profile, ({@link RunException.Kind#SETTINGS}) when the profile does not exist or an override
     *                      is not a value of its setting
     */
    public ModelSettings settings(RunRequest request) throws RunException {
        Map<String, Object> settings = effectiveSettings(request);
        try {
            return ModelSettings.of(String.valueOf(settings.get(PROFILE_NAME)), settings);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RunException(RunException.Kind.SETTINGS, "an override is not a number of the right kind: " + request.overrides(), e);
        }
    }

    /** Where {@link #effectiveSettings} puts the profile's name: not a setting a profile can have. */
    private static final String PROFILE_NAME = " profile";

    private Map<String, Object> effectiveSettings(RunRequest request) throws RunException {
        String profile = request.profile();
        if (profile == null) {
            profile = catalog.profileOf(request.prompt()).orElseThrow(() -> new RunException(RunException.Kind.NO_PROFILE,
                    "prompt " + request.prompt() + " names no profile (using …)", null));
        }
        String name = profile;
        Map<String, Object> settings = new LinkedHashMap<>(catalog.profileSettings(name).orElseThrow(() -> new RunException(
                RunException.Kind.SETTINGS, "no profile named '" + name + "'" + profileList(), null)));
        String endpoint = endpoints.apply(String.valueOf(settings.getOrDefault("provider", "openai")));
        if (endpoint != null) {
            settings.put("endpoint", endpoint);
        }
        settings.putAll(request.overrides());
        settings.put(PROFILE_NAME, name);
        return settings;
    }

    /** Told of every run this runner records, after it is recorded, on the thread that ran it. */
    public void addObserver(Consumer<RunRecord> observer) {
        observers.add(observer);
    }

    public void removeObserver(Consumer<RunRecord> observer) {
        observers.remove(observer);
    }

    private String profileList() {
        List<String> known = catalog.profiles();
        return known.isEmpty() ? "" : "; profiles: " + String.join(", ", known);
    }

    private RunRecord execute(RenderedPrompt rendered, String source, ModelSettings settings, RateLimits.Limit limit, RunListener listener,
            Cancellation cancellation) throws RunException {
        PriceTable table;
        try {
            table = prices.load();
        } catch (IOException e) {
            throw new RunException(RunException.Kind.PRICES, e.getMessage(), e);
        }
        ChatProvider provider;
        try {
            provider = Providers.forSettings(settings, keys::key);
        } catch (ProviderException e) {
            return Execution.notSent(rendered, source, settings, e);
        }
        RateLimits.Permit permit;
        try {
            permit = rateLimits.acquire(account(settings), limit, estimatedTokens(rendered, settings), cancellation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            permit = null;
        }
        if (permit == null) {
            return Execution.notSent(rendered, source, settings, new ProviderException("cancelled",
                    "cancelled while waiting for the provider's rate limit", null));
        }
        Execution execution = new Execution(table);
        RunRecord[] result = new RunRecord[1];
        RuntimeException[] failure = new RuntimeException[1];
        Thread call = new Thread(() -> {
            try {
                result[0] = execution.run(rendered, source, settings, provider, listener::text);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "PromptStudio call: " + rendered.prompt());
        call.setDaemon(true);
        try (Cancellation.Registration stop = cancellation.onCancel(call::interrupt)) {
            call.start();
            joinUninterruptibly(call, cancellation);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        RunRecord run = result[0];
        permit.settle(run.inputTokens() == null || run.outputTokens() == null ? null : run.inputTokens() + run.outputTokens());
        return run;
    }

    /** One provider account, as far as its limits go: the provider, where it is reached, and the model. */
    private static String account(ModelSettings settings) {
        return settings.provider() + " " + (settings.endpoint() == null ? "" : settings.endpoint()) + " " + settings.model();
    }

    /** A call's tokens before it is made: its text at four characters a token, and the answer's allowance. */
    private static long estimatedTokens(RenderedPrompt rendered, ModelSettings settings) {
        long characters = rendered.messages().stream().mapToLong(message -> message.content().length()).sum();
        return characters / 4 + (settings.maxTokens() == null ? 256 : settings.maxTokens());
    }

    /** Waits for the call; an interrupt of the caller cancels the call instead of leaving it running unrecorded. */
    private static void joinUninterruptibly(Thread call, Cancellation cancellation) {
        boolean interrupted = false;
        while (call.isAlive()) {
            try {
                call.join();
            } catch (InterruptedException e) {
                interrupted = true;
                cancellation.cancel();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(RunRecord run, String source) throws RunException {
        // A caller interrupted while waiting keeps its flag; H2's file channels close on an interrupt, so the flag is
        // put aside while the run is recorded and given back after.
        boolean interrupted = Thread.interrupted();
        try {
            recorder.record(run, source);
        } catch (HistoryException e) {
            throw new RunException(RunException.Kind.HISTORY, e.getMessage(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A cached output as streamed text shows it: a text output as it is, others as JSON. */
    private static String shown(String outputJson) {
        try {
            var output = JSON.readTree(outputJson);
            return output.isTextual() ? output.asText() : output.toPrettyString();
        } catch (JsonProcessingException e) {
            return outputJson;
        }
    }

    /** Where the price table comes from. */
    @FunctionalInterface
    public interface PriceSource {
        PriceTable load() throws IOException;
    }

    /** Puts a runner together; the catalog and the recorder are required. */
    public static final class Builder {
        private PromptCatalog catalog;
        private RunRecorder recorder;
        private KeySource keys = KeySource.environment();
        private PriceSource prices = () -> PriceTable.load(null);
        private Function<String, String> endpoints = provider -> null;
        private RunCache.Opener caches;
        private RateLimits rateLimits = RateLimits.shared();

        private Builder() {
        }

        public Builder catalog(PromptCatalog value) {
            catalog = value;
            return this;
        }

        public Builder recorder(RunRecorder value) {
            recorder = value;
            return this;
        }

        /** Where provider keys come from (default: the environment). */
        public Builder keys(KeySource value) {
            keys = value;
            return this;
        }

        /** The price table, asked for each run so that an edited table can apply at once (default: the shipped one). */
        public Builder prices(PriceSource value) {
            prices = value;
            return this;
        }

        /** The endpoint to use for a provider over its profile's, or null for the profile's (default: none). */
        public Builder endpoints(Function<String, String> value) {
            endpoints = value;
            return this;
        }

        /** Opens the cache for the runs that ask for it (default: none, and such a run is refused). */
        public Builder caches(RunCache.Opener value) {
            caches = value;
            return this;
        }

        /** The rate limits to wait for (default: the ones every runner of this process shares). */
        public Builder rateLimits(RateLimits value) {
            rateLimits = Objects.requireNonNull(value);
            return this;
        }

        public PromptRuns build() {
            return new PromptRuns(this);
        }
    }
}
