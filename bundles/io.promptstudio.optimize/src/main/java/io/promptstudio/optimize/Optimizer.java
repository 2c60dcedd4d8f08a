package io.promptstudio.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.DatasetException;
import io.promptstudio.eval.DatasetRow;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalRunner;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.optimize.internal.Breeder;
import io.promptstudio.optimize.internal.Evolution;
import io.promptstudio.optimize.internal.FewShot;
import io.promptstudio.optimize.internal.Opro;
import io.promptstudio.optimize.internal.Search;
import io.promptstudio.optimize.internal.SearchContext;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunException;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.search.embed.MiniLmEmbedder;
import io.promptstudio.store.HistoryException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs an optimization: splits the eval's rows into training, validation and test (seeded), scores the prompt as
 * written, lets the method propose candidates step by step (each written as a prompt and checked by the language
 * before it is scored, through {@link EvalRunner} and so the run path), scores each step's best on validation, and
 * finally runs the best and the start on the test split, which nothing was chosen on, for the A/B statistics.
 *
 * <p>Everything is kept in the {@link OptimizeStore} as it happens. A run replays from its seed: the optimizer's
 * model answers and the candidates' scores it finds in the store are not asked or scored again, which makes a resumed
 * run the same run, whatever the model would answer now.
 */
public final class Optimizer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The mean answer of a prompt with no expected value to measure, in tokens: what the estimate assumes. */
    private static final int ASSUMED_ANSWER_TOKENS = 150;
    /** An optimizer's prompt with its trajectory or parents, in tokens, and its answer. */
    private static final int META_INPUT_TOKENS = 900;
    private static final int META_OUTPUT_TOKENS = 150;

    /** Told as the run goes. Called on the optimizing thread. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** The run's id, once it is in the store: what {@code --resume} takes if the run is interrupted. */
        default void started(String runId) {
        }

        /** What the run is doing now, in words ({@code scoring the prompt as written on 12 rows}). */
        default void phase(String what) {
        }

        /** Each new candidate once it is scored or dropped; {@code replayed} when its score came from the store. */
        default void candidate(Scored candidate, boolean replayed) {
        }

        default void generation(OptimizeOutcome.Generation generation) {
        }
    }

    private final CandidateWorkspace candidates;
    private final EvalSuite suite;
    private final PromptRuns runs;
    private final ExpectationEvaluator evaluator;
    private final OptimizeStore store;
    private final int concurrency;
    private final boolean useCache;
    private final PriceTable prices;
    private final String profile;

    /**
     * @param suite the eval whose assertions score candidates: its rows are the prompt's, and its variant of the
     *        prompt gives the profile candidates run with
     * @param runs the run path, over {@link CandidateWorkspace#catalog()}
     * @param useCache whether identical requests may be answered from the cache (and so a rerun with the same seed
     *        is the same run)
     * @param prices the price table for the estimate in dollars, or null
     */
    public Optimizer(CandidateWorkspace candidates, EvalSuite suite, PromptRuns runs, ExpectationEvaluator evaluator, OptimizeStore store,
            int concurrency, boolean useCache, PriceTable prices) {
        this.candidates = candidates;
        this.suite = suite;
        this.runs = runs;
        this.evaluator = evaluator;
        this.store = store;
        this.concurrency = concurrency;
        this.useCache = useCache;
        this.prices = prices;
        if (!suite.rowsPrompt().getName().equals(candidates.target().getName())) {
            throw new IllegalArgumentException("eval " + suite.name() + " scores rows of " + suite.rowsPrompt().getName() + ", not of "
                    + candidates.targetName());
        }
        this.profile = candidates.profileIn(suite);
    }

    /** The rows of each split for these settings: a shuffle by the seed, then training, validation and test in turn. */
    public OptimizeOutcome.Split split(OptimizeSettings settings) throws DatasetException {
        List<Integer> numbers = new ArrayList<>();
        suite.rows(row -> numbers.add(row.number()));
        int minimum = 4;
        if (numbers.size() < minimum) {
            throw new DatasetException("eval " + suite.name() + " has " + numbers.size() + " rows: an optimization needs at least " + minimum
                    + " (training, validation and two to test on), and far more to tell a real gain from noise", null);
        }
        Collections.shuffle(numbers, new Random(settings.seed()));
        int train = Math.max(1, (int) Math.round(numbers.size() * settings.trainShare()));
        int validation = Math.max(1, (int) Math.round(numbers.size() * settings.validationShare()));
        // two rows at least are kept for the test, then one for validation: the shares give way in that order
        validation = Math.max(1, Math.min(validation, numbers.size() - 3));
        train = Math.max(1, Math.min(train, numbers.size() - validation - 2));
        List<Integer> trainRows = List.copyOf(numbers.subList(0, train));
        return new OptimizeOutcome.Split(trainRows, List.copyOf(trainRows.subList(0, Math.min(settings.batch(), train))),
                List.copyOf(numbers.subList(train, train + validation)), List.copyOf(numbers.subList(train + validation, numbers.size())));
    }

    /** What a run with these settings is expected to spend, before it starts. */
    public OptimizeOutcome.Estimate estimate(OptimizeSettings settings) throws DatasetException {
        OptimizeOutcome.Split split = split(settings);
        Search search = search(settings);
        long perCase = 1 + suite.assertions().stream().filter(assertion -> assertion.judge() != null).count();
        long batch = split.batch().size() * perCase;
        long validation = split.validation().size() * perCase;
        int population = settings.population();
        long generations = settings.generations();
        long meta = search.initialProposals(population) + generations * search.proposalsPerGeneration(population);
        long scorings;
        if (settings.method() == OptimizeSettings.Method.FEWSHOT) {
            scorings = split.train().size() * perCase + validation + generations * population * validation;
        } else {
            int validated = Math.min(settings.validateTop(), population);
            scorings = batch + validation + search.initialProposals(population) * batch + generations * (search.candidatesPerGeneration(population)
                    * batch + validated * validation)
                    + Math.min(settings.validateTop(), Math.max(0, search.initialProposals(population))) * validation;
        }
        long test = 2 * split.test().size() * perCase + (suite.pairwise() == null ? 0 : 2L * split.test().size());
        long calls = meta + scorings + test;
        long promptTokens = meanPromptTokens(split);
        long tokens = meta * (META_INPUT_TOKENS + META_OUTPUT_TOKENS) + (scorings + test) * (promptTokens + ASSUMED_ANSWER_TOKENS);
        BigDecimal dollars = null;
        if (prices != null) {
            try {
                String model = runs.settings(RunRequest.of(candidates.targetName(), Map.of()).withProfile(profile)).model();
                BigDecimal scoring = prices.cost(model, (int) Math.min(Integer.MAX_VALUE, (scorings + test) * promptTokens),
                        (int) Math.min(Integer.MAX_VALUE, (scorings + test) * ASSUMED_ANSWER_TOKENS), 0).orElse(null);
                String metaModel = runs.settings(RunRequest.of(candidates.targetName(), Map.of()).withProfile(metaProfile(settings))).model();
                BigDecimal proposing = prices.cost(metaModel, (int) (meta * META_INPUT_TOKENS), (int) (meta * META_OUTPUT_TOKENS), 0).orElse(null);
                dollars = scoring == null || proposing == null ? null : scoring.add(proposing);
            } catch (RunException e) {
                dollars = null;
            }
        }
        return new OptimizeOutcome.Estimate(calls, tokens, dollars);
    }

    /** The prompt rendered on the training rows, in tokens (four characters a token), on average. */
    private long meanPromptTokens(OptimizeOutcome.Split split) throws DatasetException {
        List<Long> lengths = new ArrayList<>();
        suite.onRows(split.train()).rows(row -> {
            try {
                RenderedPrompt rendered = candidates.catalog().render(candidates.targetName(), row.inputs());
                lengths.add(rendered.messages().stream().mapToLong(message -> message.content().length()).sum() / 4 + 8L);
            } catch (ArgumentException | RuntimeException e) {
                // a row that does not render is an error case: it costs no call
            }
        });
        return lengths.isEmpty() ? 200 : Math.round(lengths.stream().mapToLong(Long::longValue).average().orElse(200));
    }

    private String metaProfile(OptimizeSettings settings) {
        return settings.metaProfile() != null ? settings.metaProfile() : candidates.metaProfile(suite);
    }

    private static Search search(OptimizeSettings settings) {
        return switch (settings.method()) {
            case OPRO -> new Opro();
            case GA -> new Evolution(false);
            case DE -> new Evolution(true);
            case BREEDER -> new Breeder();
            case FEWSHOT -> new FewShot();
        };
    }

    /** A new run: begun in the store, then {@link #resume}d from its start. */
    public OptimizeOutcome run(OptimizeSettings settings, Listener listener, Cancellation cancellation) throws HistoryException, DatasetException,
            InterruptedException {
        OptimizeOutcome.Estimate estimate = estimate(settings);
        String runId = store.begin(candidates.targetName(), suite.name(), settings.method().id(), settingsJson(settings, estimate), fingerprint());
        return replay(runId, settings, estimate, listener, cancellation);
    }

    /**
     * Goes on with a stopped or killed run: the same settings and seed, what the store has is not asked again, under
     * a new budget (the old one stopped it), which counts what the run spent before.
     *
     * @throws IllegalArgumentException when the run is not in the store, is of another prompt or eval, or the eval
     *                                  and its rows changed since it started
     */
    public OptimizeOutcome resume(String runId, Long maxCalls, Long maxTokens, BigDecimal maxDollars, Listener listener, Cancellation cancellation)
            throws HistoryException, DatasetException, InterruptedException {
        OptimizeStore.StoredRun stored = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no optimization run '" + runId + "'"));
        if (!stored.target().equals(candidates.targetName()) || !stored.suite().equals(suite.name())) {
            throw new IllegalArgumentException("run " + runId + " optimized " + stored.target() + " with eval " + stored.suite() + ", not "
                    + candidates.targetName() + " with " + suite.name());
        }
        if (!stored.fingerprint().equals(fingerprint())) {
            throw new IllegalArgumentException("the prompt's file, the eval or its rows changed since run " + runId + " started: its scores and"
                    + " new ones would not compare; start a new run");
        }
        if (OptimizeStore.FINISHED.equals(stored.status())) {
            throw new IllegalArgumentException("run " + runId + " went to its end; nothing to resume");
        }
        OptimizeSettings settings;
        OptimizeOutcome.Estimate estimate;
        try {
            Map<String, Object> kept = JSON.readValue(stored.settingsJson(), new TypeReference<Map<String, Object>>() { });
            settings = JSON.convertValue(kept.get("settings"), OptimizeSettings.class).withBudget(maxCalls, maxTokens, maxDollars);
            estimate = JSON.convertValue(kept.get("estimate"), OptimizeOutcome.Estimate.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new HistoryException("the settings of run " + runId + " cannot be read: " + e.getMessage(), e);
        }
        store.reopen(runId);
        return replay(runId, settings, estimate, listener, cancellation);
    }

    /** What a run's scores depend on besides its settings: the eval and its rows, and the prompt's file as loaded. */
    private String fingerprint() throws DatasetException {
        return hash(suite.fingerprint() + "\n" + candidates.shape().fileText());
    }

    private static String settingsJson(OptimizeSettings settings, OptimizeOutcome.Estimate estimate) {
        try {
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("settings", settings);
            kept.put("estimate", estimate);
            return JSON.writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the settings are plain values", e);
        }
    }

    private OptimizeOutcome replay(String runId, OptimizeSettings settings, OptimizeOutcome.Estimate estimate, Listener listener,
            Cancellation cancellation) throws HistoryException, DatasetException, InterruptedException {
        Run run = new Run(runId, settings, split(settings), listener, cancellation);
        OptimizeStore.StoredRun stored = store.run(runId).orElseThrow();
        run.calls.set(stored.calls());
        run.tokens.set(stored.tokens());
        run.dollars = stored.cost();
        java.util.function.Consumer<RunRecord> counting = run::count;
        runs.addObserver(counting);
        listener.started(runId);
        try {
            return run.go(estimate);
        } catch (RuntimeException | HistoryException | DatasetException | InterruptedException e) {
            store.finish(runId, OptimizeStore.FAILED, null, null, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            runs.removeObserver(counting);
        }
    }

    /** A run in progress: the context its search works in. */
    private final class Run implements SearchContext {

        private final String runId;
        private final OptimizeSettings settings;
        private final OptimizeOutcome.Split split;
        private final Listener listener;
        private final Cancellation cancellation;
        private final Random random;
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong tokens = new AtomicLong();
        private BigDecimal dollars;
        private final Map<String, Scored> byKey = new LinkedHashMap<>();
        private final List<Scored> all = new ArrayList<>();
        private final List<OptimizeOutcome.Generation> generations = new ArrayList<>();
        private int ordinal;
        private int generation;
        private String stopReason;
        private Scored start;
        private List<DatasetRow> trainRows;

        Run(String runId, OptimizeSettings settings, OptimizeOutcome.Split split, Listener listener, Cancellation cancellation) {
            this.runId = runId;
            this.settings = settings;
            this.split = split;
            this.listener = listener;
            this.cancellation = cancellation;
            this.random = new Random(settings.seed() * 31 + 17);
        }

        synchronized void count(RunRecord record) {
            String cache = record.cacheStatus();
            if (cache == null || !cache.contains("hit")) {
                calls.incrementAndGet();
            }
            tokens.addAndGet((record.inputTokens() == null ? 0 : record.inputTokens()) + (record.outputTokens() == null ? 0 : record.outputTokens()));
            if (record.cost() != null) {
                dollars = dollars == null ? record.cost() : dollars.add(record.cost());
            }
        }

        private synchronized OptimizeOutcome.Spent spent() {
            return new OptimizeOutcome.Spent(calls.get(), tokens.get(), dollars);
        }

        OptimizeOutcome go(OptimizeOutcome.Estimate estimate) throws HistoryException, DatasetException, InterruptedException {
            Search search = search(settings);
            listener.phase("scoring the prompt as written");
            start = evaluate(candidates.shape().start(), "as written");
            if (start == null) {
                return finish(estimate, null);
            }
            validate(start);
            if (settings.method() == OptimizeSettings.Method.FEWSHOT) {
                listener.phase("running the prompt as written on the " + split.train().size() + " training rows for demonstrations");
            }
            search.initialize(this);
            endGeneration();
            for (generation = 1; generation <= settings.generations() && !stopped(); generation++) {
                listener.phase((settings.method() == OptimizeSettings.Method.OPRO ? "step " : "generation ") + generation + " of "
                        + settings.generations());
                search.generation(this, generation);
                endGeneration();
            }
            Scored best = best();
            EvalOutcome test = null;
            if (!stopped() && best.number() != start.number()) {
                listener.phase("testing #" + best.number() + " against the prompt as written on the " + split.test().size() + " test rows");
                test = test(best);
            }
            return finish(estimate, test);
        }

        private OptimizeOutcome finish(OptimizeOutcome.Estimate estimate, EvalOutcome test) throws HistoryException {
            Scored best = start == null ? null : best();
            List<Scored> every = byKey.values().stream().sorted(Comparator.comparingInt(Scored::number)).toList();
            OptimizeOutcome outcome = new OptimizeOutcome(runId, settings, split, stopped() ? OptimizeStore.STOPPED : OptimizeStore.FINISHED,
                    stopReason, start, best, every, List.copyOf(generations), test, estimate, spent());
            store.spent(runId, calls.get(), tokens.get(), dollars);
            store.finish(runId, outcome.status(), best == null ? null : best.number(), OptimizeReports.json(outcome, candidates), stopReason);
            return outcome;
        }

        /** The candidate with the best validation score; the earlier one on a tie, so the start wins ties. */
        private Scored best() {
            return all.stream().filter(each -> each.validation() != null).max(Comparator.comparingDouble(Scored::validation)
                    .thenComparing(Scored::number, Comparator.reverseOrder())).orElse(start);
        }

        private void endGeneration() throws HistoryException {
            if (settings.method() == OptimizeSettings.Method.FEWSHOT) {
                // few-shot candidates were scored on the validation split itself
                List.copyOf(all).stream().filter(each -> each.validation() == null).forEach(each -> replace(each, each.withValidation(each.fitness())));
            } else {
                List<Scored> unvalidated = all.stream().filter(each -> each.validation() == null && each.generation() == generation)
                        .sorted(Comparator.comparingDouble(Scored::fitness).reversed().thenComparingInt(Scored::number)).limit(settings.validateTop())
                        .toList();
                for (Scored each : unvalidated) {
                    if (stopped()) {
                        break;
                    }
                    validate(each);
                }
            }
            List<Scored> valid = all.stream().filter(Scored::valid).toList();
            int invalid = (int) byKey.values().stream().filter(each -> !each.valid()).count();
            OptimizeOutcome.Generation figures = new OptimizeOutcome.Generation(generation, orNull(valid.stream().mapToDouble(Scored::fitness).max()),
                    orNull(valid.stream().mapToDouble(Scored::fitness).average()), orNull(all.stream().filter(each -> each.validation() != null)
                            .mapToDouble(Scored::validation).max()), valid.size(), invalid, spent());
            generations.add(figures);
            store.generation(runId, new OptimizeStore.StoredGeneration(generation, figures.bestFitness(), figures.meanFitness(),
                    figures.bestValidation(), figures.valid(), figures.invalid(), calls.get(), tokens.get(), dollars));
            store.spent(runId, calls.get(), tokens.get(), dollars);
            listener.generation(figures);
        }

        private static Double orNull(java.util.OptionalDouble value) {
            return value.isPresent() ? value.getAsDouble() : null;
        }

        private void validate(Scored scored) throws HistoryException {
            if (settings.method() == OptimizeSettings.Method.FEWSHOT) {
                replace(scored, scored.withValidation(scored.fitness()));
                return;
            }
            OptimizeStore.StoredScore score = score(scored.prompt(), scored.candidate().key(), "validation", split.validation());
            if (score != null) {
                replace(scored, scored.withValidation(score.score()));
            }
        }

        private void replace(Scored old, Scored now) {
            all.set(all.indexOf(old), now);
            byKey.put(now.candidate().key(), now);
            if (start != null && start.number() == now.number()) {
                start = now;
            }
        }

        private EvalOutcome test(Scored best) throws DatasetException, InterruptedException, HistoryException {
            EvalSuite tested = suite.withVariants(List.of(new EvalSuite.Variant(start.prompt(), profile), new EvalSuite.Variant(best.prompt(),
                    profile))).onRows(split.test()).with(1, remainingDollars());
            EvalOutcome outcome = new EvalRunner(runs, evaluator, concurrency, useCache).run(tested, (result, done) -> { }, cancellation);
            store.spent(runId, calls.get(), tokens.get(), dollars);
            if (outcome.cancelled() || outcome.budgetSpent()) {
                stopReason = outcome.cancelled() ? "cancelled" : "the budget ran out while testing";
                return null;
            }
            return outcome;
        }

        @Override
        public OptimizeSettings settings() {
            return settings;
        }

        @Override
        public Random random() {
            return random;
        }

        @Override
        public Scored start() {
            return start;
        }

        @Override
        public List<Scored> scored() {
            return all.stream().filter(Scored::valid).toList();
        }

        @Override
        public Scored evaluate(Candidate candidate, String origin) {
            Scored known = byKey.get(candidate.key());
            if (known != null) {
                return known;
            }
            if (stopped()) {
                return null;
            }
            int number = byKey.size();
            CandidateWorkspace.Admission admission = candidates.admit(candidate);
            try {
                store.candidate(runId, new OptimizeStore.StoredCandidate(number, generation, candidate.key(), origin, candidate, admission.problem()));
                if (!admission.valid()) {
                    Scored dropped = new Scored(number, generation, candidate, origin, null, admission.problem(), null, null, null);
                    byKey.put(candidate.key(), dropped);
                    listener.candidate(dropped, false);
                    return dropped;
                }
                boolean fewShot = settings.method() == OptimizeSettings.Method.FEWSHOT;
                boolean replayed = store.score(runId, candidate.key(), fewShot ? "validation" : "batch").isPresent();
                OptimizeStore.StoredScore score = score(admission.prompt(), candidate.key(), fewShot ? "validation" : "batch",
                        fewShot ? split.validation() : split.batch());
                if (score == null) {
                    return null;
                }
                Scored scored = new Scored(number, generation, candidate, origin, admission.prompt(), null, score.score(), null, score.cost());
                byKey.put(candidate.key(), scored);
                all.add(scored);
                listener.candidate(scored, replayed);
                return scored;
            } catch (HistoryException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        /** The candidate's score on a split: from the store, or run now (null when the budget or a cancellation stops it). */
        private OptimizeStore.StoredScore score(String prompt, String key, String splitName, List<Integer> rows) throws HistoryException {
            var kept = store.score(runId, key, splitName);
            if (kept.isPresent()) {
                return kept.get();
            }
            if (stopped()) {
                return null;
            }
            List<CaseResult> results = runCases(prompt, rows);
            if (results == null) {
                return null;
            }
            if (!results.isEmpty() && results.stream().allMatch(CaseResult::error)) {
                // not a score of 0: no case was answered (the provider is down, a key is missing), so a resume scores it again
                stopReason = "no case of " + prompt + " could be run: " + results.get(0).reason();
                return null;
            }
            double total = 0;
            int passed = 0;
            BigDecimal cost = null;
            for (CaseResult result : results) {
                total += result.score() == null ? 0 : result.score();
                passed += result.passed() ? 1 : 0;
                if (result.cost() != null) {
                    cost = cost == null ? result.cost() : cost.add(result.cost());
                }
            }
            OptimizeStore.StoredScore score = new OptimizeStore.StoredScore(results.isEmpty() ? 0 : total / results.size(), results.size(), passed, cost);
            store.score(runId, key, splitName, score);
            return score;
        }

        /** Runs a prompt on rows through the eval runner: every case's result, or null when the budget or a cancellation cut it short. */
        private List<CaseResult> runCases(String prompt, List<Integer> rows) throws HistoryException {
            List<CaseResult> results = Collections.synchronizedList(new ArrayList<>());
            EvalSuite scoring = suite.withVariants(List.of(new EvalSuite.Variant(prompt, profile))).onRows(rows).with(1, remainingDollars());
            EvalOutcome outcome;
            try {
                outcome = new EvalRunner(runs, evaluator, concurrency, useCache).run(scoring, (result, done) -> results.add(result), cancellation);
            } catch (DatasetException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancellation.cancel();
                return null;
            }
            store.spent(runId, calls.get(), tokens.get(), dollars);
            if (outcome.cancelled() || outcome.budgetSpent() || results.size() < rows.size()) {
                // a candidate scored on part of its rows would not compare with the others: it is scored again on resume
                stopReason = stopReason != null ? stopReason : outcome.cancelled() ? "cancelled" : "the budget ran out";
                return null;
            }
            return results;
        }

        /** The passing answers among results, with their rows' rendered inputs, as demonstrations. */
        private List<Candidate.Demo> demos(List<CaseResult> results) {
            Map<Integer, DatasetRow> rows = new LinkedHashMap<>();
            trainRows().forEach(row -> rows.put(row.number(), row));
            List<Candidate.Demo> found = new ArrayList<>();
            results.stream().filter(CaseResult::passed).sorted(Comparator.comparingInt(CaseResult::row)).forEach(result -> {
                DatasetRow row = rows.get(result.row());
                String input = row == null ? null : userText(row);
                if (input != null && result.output() != null && PromptShape.usableDemoText(input) && PromptShape.usableDemoText(result.output())) {
                    found.add(new Candidate.Demo(input, result.output()));
                }
            });
            return found;
        }

        /** The last user message of the prompt as written, rendered with a row's inputs: a demonstration's input. */
        private String userText(DatasetRow row) {
            try {
                RenderedPrompt rendered = candidates.catalog().render(candidates.targetName(), row.inputs());
                for (int i = rendered.messages().size() - 1; i >= 0; i--) {
                    if ("user".equals(rendered.messages().get(i).role())) {
                        return rendered.messages().get(i).content();
                    }
                }
            } catch (ArgumentException | RuntimeException e) {
                // a row the prompt cannot render shows nothing
            }
            return null;
        }

        @Override
        public List<Candidate.Demo> bootstrapDemos() {
            String request = "bootstrap " + split.train();
            int at = ordinal++;
            try {
                var kept = store.answer(runId, at);
                if (kept.isPresent() && kept.get()[0].equals(hash(request))) {
                    return JSON.readValue(kept.get()[1], new TypeReference<List<Map<String, String>>>() { }).stream()
                            .map(demo -> new Candidate.Demo(demo.get("input"), demo.get("output"))).toList();
                }
                List<CaseResult> results = runCases(start.prompt(), split.train());
                if (results == null) {
                    return List.of();
                }
                List<Candidate.Demo> demos = demos(results);
                store.answer(runId, at, hash(request), JSON.writeValueAsString(demos.stream().map(demo -> Map.of("input", demo.input(), "output",
                        demo.output())).toList()));
                return demos;
            } catch (HistoryException | JsonProcessingException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public List<Candidate.Demo> nearestDemos(List<Candidate.Demo> pool, int count) {
            List<String> validationInputs = new ArrayList<>();
            try {
                suite.onRows(split.validation()).rows(row -> {
                    String text = userText(row);
                    if (text != null) {
                        validationInputs.add(text);
                    }
                });
            } catch (DatasetException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            MiniLmEmbedder embedder = MiniLmEmbedder.shared();
            List<float[]> demoVectors = embedder.embedAll(pool.stream().map(Candidate.Demo::input).toList());
            List<float[]> inputVectors = embedder.embedAll(validationInputs);
            int[] nearestOf = new int[pool.size()];
            double[] similarity = new double[pool.size()];
            for (float[] input : inputVectors) {
                int nearest = 0;
                double best = Double.NEGATIVE_INFINITY;
                for (int d = 0; d < demoVectors.size(); d++) {
                    double dot = dot(input, demoVectors.get(d));
                    similarity[d] += dot;
                    if (dot > best) {
                        best = dot;
                        nearest = d;
                    }
                }
                nearestOf[nearest]++;
            }
            List<Integer> order = new ArrayList<>();
            for (int d = 0; d < pool.size(); d++) {
                order.add(d);
            }
            order.sort(Comparator.<Integer>comparingInt(d -> nearestOf[d]).thenComparingDouble(d -> similarity[d]).reversed());
            return order.subList(0, Math.min(count, order.size())).stream().sorted().map(pool::get).toList();
        }

        private static double dot(float[] a, float[] b) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += a[i] * b[i];
            }
            return sum;
        }

        @Override
        public String propose(String metaPrompt, Map<String, Object> arguments) {
            String request;
            try {
                request = metaPrompt + " " + JSON.writeValueAsString(new java.util.TreeMap<>(arguments));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the arguments are text and numbers", e);
            }
            int at = ordinal++;
            try {
                var kept = store.answer(runId, at);
                if (kept.isPresent()) {
                    if (!kept.get()[0].equals(hash(request))) {
                        throw new IllegalStateException("run " + runId + " asked something else at its call " + at + " before: the optimizer's"
                                + " prompts or the eval changed since it started, so it cannot be replayed; start a new run");
                    }
                    return kept.get()[1];
                }
                if (stopped()) {
                    return null;
                }
                RunRecord record;
                try {
                    record = runs.run(RunRequest.of(metaPrompt, arguments).withProfile(metaProfile(settings)).withCache(useCache ? CacheUse.exact()
                            : null), RunListener.NONE, cancellation);
                } catch (ArgumentException | RunException e) {
                    throw new IllegalStateException("the optimizer's prompt " + metaPrompt + " cannot run: " + e.getMessage(), e);
                }
                store.spent(runId, calls.get(), tokens.get(), dollars);
                if (cancellation.isCancelled()) {
                    stopReason = "cancelled";
                    return null;
                }
                if (!RunRecord.SUCCEEDED.equals(record.status()) && record.responseText() == null) {
                    // the provider did not answer (down, refused, out of quota): nothing is kept, so a resume asks again
                    stopReason = "the optimizer's model call failed: " + record.errorMessage();
                    return null;
                }
                String answer = RunRecord.SUCCEEDED.equals(record.status()) ? instruction(record.outputJson()) : null;
                store.answer(runId, at, hash(request), answer);
                return answer;
            } catch (HistoryException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        private static String instruction(String outputJson) {
            try {
                Object answer = JSON.readValue(outputJson, Object.class);
                Object text = answer instanceof Map<?, ?> map ? map.get("instruction") : null;
                return text instanceof String written && !written.isBlank() ? written.strip() : null;
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        @Override
        public String rules() {
            return candidates.rules();
        }

        @Override
        public String examples(int count) {
            List<DatasetRow> rows = new ArrayList<>(trainRows());
            Collections.shuffle(rows, random);
            StringBuilder text = new StringBuilder();
            for (DatasetRow row : rows.subList(0, Math.min(count, rows.size()))) {
                try {
                    text.append("input: ").append(JSON.writeValueAsString(row.inputs())).append("\nexpected: ")
                            .append(row.expected() == null ? "(not given)" : JSON.writeValueAsString(row.expected())).append("\n\n");
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("rows hold plain values", e);
                }
            }
            return text.toString().strip();
        }

        private List<DatasetRow> trainRows() {
            if (trainRows == null) {
                List<DatasetRow> rows = new ArrayList<>();
                try {
                    suite.onRows(split.train()).rows(row -> {
                        if (row.usable()) {
                            rows.add(row);
                        }
                    });
                } catch (DatasetException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                trainRows = rows;
            }
            return trainRows;
        }

        @Override
        public boolean stopped() {
            if (stopReason != null) {
                return true;
            }
            if (cancellation.isCancelled()) {
                stopReason = "cancelled";
            } else if (settings.maxCalls() != null && calls.get() >= settings.maxCalls()) {
                stopReason = "the budget of " + settings.maxCalls() + " calls ran out";
            } else if (settings.maxTokens() != null && tokens.get() >= settings.maxTokens()) {
                stopReason = "the budget of " + settings.maxTokens() + " tokens ran out";
            } else if (settings.maxDollars() != null && dollars != null && dollars.compareTo(settings.maxDollars()) >= 0) {
                stopReason = "the budget of $" + settings.maxDollars().toPlainString() + " ran out";
            }
            return stopReason != null;
        }

        private BigDecimal remainingDollars() {
            if (settings.maxDollars() == null) {
                return null;
            }
            BigDecimal left = settings.maxDollars().subtract(dollars == null ? BigDecimal.ZERO : dollars);
            return left.signum() > 0 ? left : new BigDecimal("0.0000000001");
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
