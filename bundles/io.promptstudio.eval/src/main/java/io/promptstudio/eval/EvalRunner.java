package io.promptstudio.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.dsl.render.TypedValues;
import io.promptstudio.eval.internal.Scores;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunException;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

    /** Runs the suite to its end (or until cancelled) and returns its outcome. */
    public EvalOutcome run(EvalSuite suite, EvalListener listener, Cancellation cancellation) throws DatasetException, InterruptedException {
        EvalOutcome.Builder outcome = new EvalOutcome.Builder(suite);
        AtomicLong done = new AtomicLong();
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
                        int attempt = repeat;
                        room.acquireUninterruptibly();
                        workers.execute(() -> {
                            try {
                                CaseResult result;
                                try {
                                    result = runCase(suite, row, variant, attempt, cancellation);
                                } catch (RuntimeException e) {
                                    // whatever went wrong, the case is an error with its reason: no case may vanish
                                    result = error(row, variant, attempt, "the run could not be made: " + e, null);
                                }
                                outcome.add(result);
                                listener.result(result, done.incrementAndGet());
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
        return outcome.build(cancellation.isCancelled());
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
            output = plain(JSON.readValue(record.outputJson(), Object.class));
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
        for (EvalSuite.Assertion assertion : suite.assertions()) {
            ExpectationEvaluator.Outcome result;
            // The language's model is EMF, which is not made for threads: one assertion is decided at a time.
            synchronized (evaluator) {
                result = evaluator.evaluate(assertion.condition(), variables, Scores.functions());
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
                            record);
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
                record.outputJson(), passed ? "" : String.join("; ", shortfalls), record.cost(), millis(record));
    }

    private static CaseResult error(DatasetRow row, EvalSuite.Variant variant, int repeat, String reason, RunRecord record) {
        return new CaseResult(row.number(), row.where(), variant, repeat, CaseResult.ERROR, null, List.of(),
                record == null ? null : record.outputJson(), reason, record == null ? null : record.cost(),
                millis(record));
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

    /** JSON as the language's values are: whole numbers {@code Long}, others {@code BigDecimal}. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value instanceof Number ? TypedValues.normalize(value) : value;
    }
}
