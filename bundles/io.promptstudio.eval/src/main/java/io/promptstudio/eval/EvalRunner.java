package io.promptstudio.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.check.JudgeScoring;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.dsl.render.TypedValues;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.eval.internal.Scores;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunException;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.search.embed.MiniLmEmbedder;
import io.promptstudio.store.HistoryException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs a suite: every row × variant × repeat through {@link PromptRuns} (the one run path: caches, history, prices),
 * at most {@code concurrency} at a time, and scores each answer with the suite's assertions. Rows are read as they
 * are run and results are handed on as they come (to a store, a report, a progress line), so memory does not grow
 * with the dataset; only each row's score per variant is kept, for the A/B statistics.
 */
public final class EvalRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromptRuns runs;
    private final ExpectationEvaluator evaluator;
    private final int concurrency;
    private final boolean useCache;
    /** The functions assertions call, by the folder of the file the assertion is written in (where its schema files are). */
    private final Map<java.nio.file.Path, Map<String, Function<List<Object>, Object>>> functions = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param evaluator the language's evaluator (from the workspace's injector)
     * @param useCache whether answers may come from the cache: only for an identical input (a similar row's answer
     *        would be scored as this row's), and never for repeats, which measure how answers vary
     */
    public EvalRunner(PromptRuns runs, ExpectationEvaluator evaluator, int concurrency, boolean useCache) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("the concurrency is at least 1, not " + concurrency);
        }
        this.runs = runs;
        this.evaluator = evaluator;
        this.concurrency = concurrency;
        this.useCache = useCache;
    }

    /** Runs the suite to its end (or until cancelled, or its budget is spent) and returns its outcome. */
    public EvalOutcome run(EvalSuite suite, EvalListener listener, Cancellation cancellation) throws DatasetException, InterruptedException {
        try {
            return run(suite, listener, cancellation, Resumption.NONE);
        } catch (HistoryException e) {
            throw new IllegalStateException("a fresh run reads no store", e);
        }
    }

    /**
     * Runs what {@code resumption} has not done yet; the outcome counts what it did too (and what it spent, against
     * the budget). A row whose variants were answered partly before and partly now is not judged pairwise.
     */
    public EvalOutcome run(EvalSuite suite, EvalListener listener, Cancellation cancellation, Resumption resumption)
            throws DatasetException, InterruptedException, HistoryException {
        EvalOutcome.Builder outcome = new EvalOutcome.Builder(suite);
        AtomicLong done = new AtomicLong();
        Spending spending = new Spending(suite.budget());
        resumption.replay(result -> {
            outcome.add(result);
            spending.add(result.cost());
        });
        Pairing pairing = suite.pairwise() == null || suite.variants().size() < 2 ? null : new Pairing(suite);
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "eval " + suite.name());
            thread.setDaemon(true);
            return thread;
        });
        // At most two tasks waiting per worker: the dataset is read only as fast as it is run.
        Semaphore room = new Semaphore(concurrency * 2);
        try {
            suite.rows(row -> {
                for (EvalSuite.Variant variant : suite.variants()) {
                    for (int repeat = 1; repeat <= suite.repeat(); repeat++) {
                        if (cancellation.isCancelled()) {
                            return;
                        }
                        if (spending.spent()) {
                            spending.leftOut();
                            return;
                        }
                        if (resumption.done(row.number(), variant, repeat)) {
                            continue;
                        }
                        int attempt = repeat;
                        room.acquireUninterruptibly();
                        workers.execute(() -> {
                            try {
                                if (spending.spent()) {
                                    // queued before the budget ran out: not started, so that only the running cases go over
                                    spending.leftOut();
                                    return;
                                }
                                CaseResult result;
                                try {
                                    result = runCase(suite, row, variant, attempt, cancellation);
                                } catch (RuntimeException e) {
                                    // whatever went wrong, the case is an error with its reason: no case may vanish
                                    result = error(row, variant, attempt, "the run could not be made: " + e, null);
                                }
                                outcome.add(result);
                                spending.add(result.cost());
                                listener.result(result, done.incrementAndGet());
                                if (pairing != null && attempt == 1) {
                                    pairing.answered(row, result).forEach(judged -> {
                                        outcome.addPairwise(judged);
                                        spending.add(judged.cost());
                                    });
                                }
                            } finally {
                                room.release();
                            }
                        });
                    }
                }
            });
        } finally {
            workers.shutdown();
            while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                if (cancellation.isCancelled()) {
                    workers.shutdownNow();
                }
            }
        }
        return outcome.build(cancellation.isCancelled(), spending.leftCasesOut());
    }

    /**
     * The dollars spent so far against the budget; once it is reached no case starts (those running finish), and
     * whether a case was left out for it.
     */
    private static final class Spending {
        private final BigDecimal budget;
        private BigDecimal spent = BigDecimal.ZERO;
        private boolean leftOut;

        synchronized void leftOut() {
            leftOut = true;
        }

        synchronized boolean leftCasesOut() {
            return leftOut;
        }

        Spending(BigDecimal budget) {
            this.budget = budget;
        }

        synchronized void add(BigDecimal cost) {
            if (cost != null) {
                spent = spent.add(cost);
            }
        }

        synchronized boolean spent() {
            return budget != null && spent.compareTo(budget) >= 0;
        }
    }

    /**
     * Holds each row's first answers until every variant has answered it, then has the pairwise judge compare each
     * later variant's answer with the first's, in both orders, so that a judge preferring a position cancels out.
     * Only rows still waiting for a variant are held: memory follows the concurrency, not the dataset.
     */
    private final class Pairing {
        private final EvalSuite suite;
        private final Map<Integer, Map<EvalSuite.Variant, CaseResult>> waiting = new java.util.HashMap<>();

        Pairing(EvalSuite suite) {
            this.suite = suite;
        }

        List<EvalOutcome.Judged> answered(DatasetRow row, CaseResult result) {
            Map<EvalSuite.Variant, CaseResult> answers;
            synchronized (waiting) {
                answers = waiting.computeIfAbsent(row.number(), number -> new LinkedHashMap<>());
                answers.put(result.variant(), result);
                if (answers.size() < suite.variants().size()) {
                    return List.of();
                }
                waiting.remove(row.number());
            }
            CaseResult first = answers.get(suite.variants().get(0));
            List<EvalOutcome.Judged> judged = new ArrayList<>();
            for (int i = 1; i < suite.variants().size(); i++) {
                CaseResult other = answers.get(suite.variants().get(i));
                judged.add(first.error() || other.error() ? new EvalOutcome.Judged(other.variant(), EvalOutcome.Judged.ERROR, null)
                        : judgePair(suite.pairwise(), row, first, other));
            }
            return judged;
        }
    }

    /** B's answer against A's: a win when the judge prefers B in both orders, a loss when A, else a tie. */
    private EvalOutcome.Judged judgePair(EvalSuite.Judge judge, DatasetRow row, CaseResult a, CaseResult b) {
        BigDecimal cost = BigDecimal.ZERO;
        String[] preferred = new String[2];
        for (int order = 0; order < 2; order++) {
            CaseResult first = order == 0 ? a : b;
            CaseResult second = order == 0 ? b : a;
            Map<String, Object> arguments = new LinkedHashMap<>();
            for (io.promptstudio.dsl.promptStudio.Parameter parameter : judge.declaration().getParameters()) {
                String name = parameter.getName();
                Object value = switch (name) {
                    case "first" -> first.output();
                    case "second" -> second.output();
                    case "inputs" -> json(row.inputs());
                    default -> row.inputs().get(name);
                };
                if (value != null) {
                    arguments.put(name, asParameter(parameter, value));
                }
            }
            RunRecord record;
            try {
                record = runs.run(RunRequest.of(judge.prompt(), arguments).withProfile(judge.profile()).withCache(useCache ? CacheUse.exact() : null),
                        RunListener.NONE, Cancellation.none());
            } catch (ArgumentException | RunException e) {
                return new EvalOutcome.Judged(b.variant(), EvalOutcome.Judged.ERROR, cost);
            }
            if (record.cost() != null) {
                cost = cost.add(record.cost());
            }
            Object better = RunRecord.SUCCEEDED.equals(record.status()) ? answerField(record.outputJson(), "better") : null;
            if (better == null) {
                return new EvalOutcome.Judged(b.variant(), EvalOutcome.Judged.ERROR, cost);
            }
            String said = String.valueOf(better).toLowerCase(java.util.Locale.ROOT);
            // the answer in the named place, back in A/B terms
            preferred[order] = said.equals("tie") ? "tie" : said.equals("first") == (order == 0) ? "a" : "b";
        }
        String outcome;
        if (preferred[0].equals(preferred[1])) {
            outcome = preferred[0].equals("b") ? EvalOutcome.Judged.WIN : preferred[0].equals("a") ? EvalOutcome.Judged.LOSS : EvalOutcome.Judged.TIE;
        } else {
            outcome = preferred[0].equals("tie") || preferred[1].equals("tie") ? EvalOutcome.Judged.TIE : EvalOutcome.Judged.POSITION_BIASED;
        }
        return new EvalOutcome.Judged(b.variant(), outcome, cost);
    }

    private static Object answerField(String outputJson, String field) {
        try {
            return JSON.readValue(outputJson, Object.class) instanceof Map<?, ?> map ? map.get(field) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** A text parameter takes any value: what is not text is given as its JSON. */
    private static Object asParameter(io.promptstudio.dsl.promptStudio.Parameter parameter, Object value) {
        boolean text = Types.isPrimitive(Types.unwrapOptional(parameter.getType()), PrimitiveKind.STRING);
        return text && !(value instanceof String) ? json(value) : value;
    }

    private CaseResult runCase(EvalSuite suite, DatasetRow row, EvalSuite.Variant variant, int repeat, Cancellation cancellation) {
        if (!row.usable()) {
            return error(row, variant, repeat, String.join("; ", row.problems()), null);
        }
        CacheUse cache = useCache && suite.repeat() == 1 ? CacheUse.exact() : null;
        RunRequest request = RunRequest.of(variant.prompt(), row.inputs()).withProfile(variant.profile()).withCache(cache);
        RunRecord record;
        try {
            record = runs.run(request, RunListener.NONE, cancellation);
        } catch (ArgumentException e) {
            return error(row, variant, repeat, row.where() + ": " + String.join("; ", e.problems()), null);
        } catch (RunException e) {
            return error(row, variant, repeat, e.getMessage(), null);
        }
        if (!RunRecord.SUCCEEDED.equals(record.status())) {
            return error(row, variant, repeat, "the run failed: " + record.errorKind() + ": " + record.errorMessage(), record);
        }
        Object output;
        try {
            output = TypedValues.plain(JSON.readValue(record.outputJson(), Object.class));
        } catch (JsonProcessingException e) {
            return error(row, variant, repeat, "the answer is not JSON: " + e.getOriginalMessage(), record);
        }
        Map<String, Object> variables = new LinkedHashMap<>(row.inputs());
        variables.put("output", output);
        variables.put("expected", row.expected());
        variables.put("latencyMs", record.totalMillis());
        variables.put("cost", record.cost());
        variables.put("outputTokens", record.outputTokens());
        List<CaseResult.Check> checks = new ArrayList<>();
        List<String> shortfalls = new ArrayList<>();
        double weighted = 0;
        double weights = 0;
        BigDecimal cost = record.cost();
        for (EvalSuite.Assertion assertion : suite.assertions()) {
            ExpectationEvaluator.Outcome result;
            if (assertion.judge() != null) {
                Judging judging = judge(assertion, variables, cache);
                if (judging.cost() != null) {
                    cost = cost == null ? judging.cost() : cost.add(judging.cost());
                }
                if (judging.error() != null) {
                    return error(row, variant, repeat, "judge '" + assertion.name() + "' (" + assertion.judge().prompt() + "): " + judging.error(),
                            record, cost);
                }
                result = judging.outcome();
            } else {
                result = decide(assertion.condition(), variables);
            }
            double score;
            String detail = describe(result.seen());
            if (result.error() != null) {
                score = 0;
                detail = result.error() + (detail.isEmpty() ? "" : " — " + detail);
            } else if (result.value() instanceof Number number && !(result.value() instanceof Boolean)) {
                score = number.doubleValue();
                if (!(score >= 0 && score <= 1)) {
                    return error(row, variant, repeat, "assertion '" + assertion.name() + "' gave " + number + ", not a score between 0 and 1",
                            record, cost);
                }
            } else {
                score = result.holds() ? 1 : 0;
            }
            checks.add(new CaseResult.Check(assertion.name(), score, detail));
            if (score < 1) {
                shortfalls.add(assertion.name() + ": " + assertion.text() + (score > 0 ? " scored " + round(score) : "")
                        + (detail.isEmpty() ? "" : " — " + detail));
            }
            weighted += assertion.weight() * score;
            weights += assertion.weight();
        }
        double score = weights == 0 ? 1 : weighted / weights;
        // A hair of tolerance: 0.7 · 1 + 0.3 · 1 must reach a threshold of 1 despite binary fractions.
        boolean passed = score + 1e-9 >= suite.threshold();
        return new CaseResult(row.number(), row.where(), variant, repeat, passed ? CaseResult.PASSED : CaseResult.FAILED, score, checks,
                record.outputJson(), passed ? "" : String.join("; ", shortfalls), cost, millis(record));
    }

    private ExpectationEvaluator.Outcome decide(io.promptstudio.dsl.promptStudio.Expression expression, Map<String, Object> variables) {
        // The language's model is EMF, which is not made for threads: one expression is evaluated at a time.
        synchronized (evaluator) {
            java.nio.file.Path folder = expression.eResource() == null || !expression.eResource().getURI().isFile() ? java.nio.file.Path.of("")
                    : java.nio.file.Path.of(expression.eResource().getURI().toFileString()).toAbsolutePath().getParent();
            return evaluator.evaluate(expression, variables, functions.computeIfAbsent(folder, each -> Scores.functions(MiniLmEmbedder::shared,
                    each)));
        }
    }

    /** A judge's verdict on one answer: the outcome to score, or why there is none; and what the judge cost. */
    private record Judging(ExpectationEvaluator.Outcome outcome, String error, BigDecimal cost) {
    }

    /**
     * Runs the judge through the same run path as the answer (its answer is typed and parsed like any prompt's), and
     * scores its answer. A judge that fails, refuses or answers what cannot be read is an error, never a 0.
     */
    private Judging judge(EvalSuite.Assertion assertion, Map<String, Object> variables, CacheUse cache) {
        EvalSuite.Judge judge = assertion.judge();
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (Map.Entry<String, io.promptstudio.dsl.promptStudio.Expression> argument : judge.arguments().entrySet()) {
            ExpectationEvaluator.Outcome value = decide(argument.getValue(), variables);
            if (value.error() != null) {
                return new Judging(null, "its input '" + argument.getKey() + "': " + value.error(), null);
            }
            io.promptstudio.dsl.promptStudio.Parameter parameter = judge.declaration().getParameters().stream()
                    .filter(p -> p.getName().equals(argument.getKey())).findFirst().orElseThrow();
            if (value.value() != null) {
                arguments.put(argument.getKey(), asParameter(parameter, value.value()));
            }
        }
        RunRecord record;
        try {
            record = runs.run(RunRequest.of(judge.prompt(), arguments).withProfile(judge.profile()).withCache(cache), RunListener.NONE,
                    Cancellation.none());
        } catch (ArgumentException e) {
            return new Judging(null, "its inputs do not fit: " + String.join("; ", e.problems()), null);
        } catch (RunException e) {
            return new Judging(null, e.getMessage(), null);
        }
        if (!RunRecord.SUCCEEDED.equals(record.status())) {
            return new Judging(null, "no verdict: " + record.errorKind() + ": " + record.errorMessage(), record.cost());
        }
        Object verdict;
        try {
            verdict = TypedValues.plain(JSON.readValue(record.outputJson(), Object.class));
        } catch (JsonProcessingException e) {
            return new Judging(null, "its answer is not JSON: " + e.getOriginalMessage(), record.cost());
        }
        String reason = JudgeScoring.reason(verdict);
        Map<String, Object> seen = reason.isEmpty() ? Map.of() : Map.of("reason", reason);
        if (judge.score() != null) {
            Map<String, Object> withVerdict = new LinkedHashMap<>(variables);
            withVerdict.put("verdict", verdict);
            ExpectationEvaluator.Outcome scored = decide(judge.score(), withVerdict);
            if (scored.error() != null) {
                return new Judging(null, "its answer could not be scored: " + scored.error(), record.cost());
            }
            return new Judging(scored, null, record.cost());
        }
        JudgeScoring.Result scoring = JudgeScoring.of(judge.declaration());
        if (scoring.scoring() == null) {
            return new Judging(null, "cannot score " + scoring.problem(), record.cost());
        }
        try {
            return new Judging(new ExpectationEvaluator.Outcome(scoring.scoring().score(verdict), seen, null), null, record.cost());
        } catch (IllegalArgumentException e) {
            return new Judging(null, e.getMessage(), record.cost());
        }
    }

    private static CaseResult error(DatasetRow row, EvalSuite.Variant variant, int repeat, String reason, RunRecord record) {
        return error(row, variant, repeat, reason, record, record == null ? null : record.cost());
    }

    private static CaseResult error(DatasetRow row, EvalSuite.Variant variant, int repeat, String reason, RunRecord record, BigDecimal cost) {
        return new CaseResult(row.number(), row.where(), variant, repeat, CaseResult.ERROR, null, List.of(),
                record == null ? null : record.outputJson(), reason, cost, millis(record));
    }

    private static long millis(RunRecord record) {
        return record == null || record.totalMillis() == null ? 0 : record.totalMillis();
    }

    private static String describe(Map<String, Object> seen) {
        return String.join(", ", seen.entrySet().stream().map(entry -> entry.getKey() + " was " + TypedValues.describe(entry.getValue()))
                .toList());
    }

    private static String round(double score) {
        return String.format(java.util.Locale.ROOT, "%.2f", score);
    }
}
