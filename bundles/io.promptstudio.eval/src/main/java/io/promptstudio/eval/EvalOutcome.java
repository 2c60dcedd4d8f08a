package io.promptstudio.eval;

import io.promptstudio.eval.stats.MultipleTests;
import io.promptstudio.eval.stats.PairedComparison;
import io.promptstudio.eval.stats.PairwiseJudging;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a suite's run came to: per variant the counts, pass rate, mean score, cost and latency, the unstable cases
 * (passed on one repeat and failed on another), and each later variant compared with the first on the same rows.
 */
public record EvalOutcome(String suite, List<VariantSummary> variants, List<Comparison> comparisons, double suiteThreshold,
        boolean cancelled, boolean budgetSpent) {

    /** The significance level of the comparisons' verdicts (after Holm–Bonferroni across their two tests). */
    public static final double ALPHA = 0.05;

    /**
     * One variant: cases are row × repeat; errors count as not passed, and are left out of the mean score (null when
     * no case was answered: never a NaN).
     *
     * @param unstable the rows (their place in the dataset) that passed on some repeats and failed on others
     */
    public record VariantSummary(EvalSuite.Variant variant, int cases, int passed, int failed, int errors, Double meanScore,
            BigDecimal cost, long medianMillis, long p95Millis, List<String> unstable) {

        public double passRate() {
            return cases == 0 ? 0 : (double) passed / cases;
        }
    }

    /**
     * Variant B against A on the rows both answered: the mean score difference (B − A) with its bootstrap interval,
     * the Wilcoxon signed-rank test on the scores and McNemar's exact test on pass/fail (p-values after
     * Holm–Bonferroni), the smallest difference this many rows would detect, and the verdict.
     */
    public record Comparison(EvalSuite.Variant a, EvalSuite.Variant b, int pairs, double meanDifference,
            PairedComparison.Interval interval, double wilcoxonP, double mcnemarP, double minimumDetectableEffect, String verdict,
            PairwiseJudging pairwise) {

        public static final String BETTER = "B better";
        public static final String WORSE = "B worse";
        public static final String NO_DIFFERENCE = "no significant difference";
    }

    /** What the pairwise judge said of one row's answer of {@code variant} against the first variant's. */
    public record Judged(EvalSuite.Variant variant, String outcome, BigDecimal cost) {
        public static final String WIN = "win";
        public static final String LOSS = "loss";
        public static final String TIE = "tie";
        public static final String POSITION_BIASED = "position-biased";
        public static final String ERROR = "error";
    }

    /** Whether every variant's pass rate reached the suite's threshold, and the run went to its end. */
    public boolean passed() {
        return !cancelled && !budgetSpent && !variants.isEmpty() && variants.stream().allMatch(summary -> summary.passRate() + 1e-9 >= suiteThreshold);
    }

    /** Collects results from the runner's threads. */
    static final class Builder {

        private final EvalSuite suite;
        private final Map<EvalSuite.Variant, Tally> tallies = new LinkedHashMap<>();
        private final Map<EvalSuite.Variant, int[]> judgedCounts = new LinkedHashMap<>();

        Builder(EvalSuite suite) {
            this.suite = suite;
            suite.variants().forEach(variant -> tallies.put(variant, new Tally()));
        }

        synchronized void add(CaseResult result) {
            tallies.get(result.variant()).add(result);
        }

        synchronized void addPairwise(Judged judged) {
            int[] counts = judgedCounts.computeIfAbsent(judged.variant(), variant -> new int[5]);
            counts[switch (judged.outcome()) {
                case Judged.WIN -> 0;
                case Judged.LOSS -> 1;
                case Judged.TIE -> 2;
                case Judged.POSITION_BIASED -> 3;
                default -> 4;
            }]++;
        }

        synchronized EvalOutcome build(boolean cancelled, boolean budgetSpent) {
            List<VariantSummary> summaries = new ArrayList<>();
            tallies.forEach((variant, tally) -> summaries.add(tally.summary(variant)));
            List<Comparison> comparisons = new ArrayList<>();
            List<EvalSuite.Variant> variants = suite.variants();
            for (int i = 1; i < variants.size(); i++) {
                Comparison comparison = compare(variants.get(0), variants.get(i));
                if (comparison != null) {
                    comparisons.add(comparison);
                }
            }
            return new EvalOutcome(suite.name(), summaries, comparisons, suite.suiteThreshold(), cancelled, budgetSpent);
        }

        private Comparison compare(EvalSuite.Variant a, EvalSuite.Variant b) {
            Map<Integer, double[]> rowsA = tallies.get(a).rows;
            Map<Integer, double[]> rowsB = tallies.get(b).rows;
            List<Integer> both = rowsA.keySet().stream().filter(rowsB::containsKey).sorted().toList();
            if (both.size() < 2) {
                return null;
            }
            double[] scoresA = new double[both.size()];
            double[] scoresB = new double[both.size()];
            boolean[] passA = new boolean[both.size()];
            boolean[] passB = new boolean[both.size()];
            for (int i = 0; i < both.size(); i++) {
                double[] x = rowsA.get(both.get(i));
                double[] y = rowsB.get(both.get(i));
                scoresA[i] = x[0] / x[1];
                scoresB[i] = y[0] / y[1];
                // a row passes when at least half of its repeats passed
                passA[i] = x[2] * 2 >= x[1];
                passB[i] = y[2] * 2 >= y[1];
            }
            PairedComparison paired = new PairedComparison(scoresA, scoresB, passA, passB);
            double[] adjusted = MultipleTests.holm(new double[] {paired.wilcoxon().pValue(), paired.mcnemar().pValue()});
            PairedComparison.Interval interval = paired.bootstrapInterval(0.95, 10_000, 1);
            double difference = paired.meanDifference();
            boolean significant = Arrays.stream(adjusted).min().orElse(1) < ALPHA && interval.excludesZero();
            String verdict = !significant ? Comparison.NO_DIFFERENCE : difference > 0 ? Comparison.BETTER : Comparison.WORSE;
            int[] judged = judgedCounts.get(b);
            PairwiseJudging pairwise = judged == null ? null
                    : new PairwiseJudging(judged[0], judged[1], judged[2] + judged[3], judged[3], judged[4]);
            return new Comparison(a, b, both.size(), difference, interval, adjusted[0], adjusted[1],
                    paired.minimumDetectableEffect(ALPHA, 0.8), verdict, pairwise);
        }
    }

    /** One variant's running counts; per row: the sum of scores, the answered repeats, the passed repeats, the failed. */
    private static final class Tally {
        int cases;
        int passed;
        int failed;
        int errors;
        double scoreSum;
        BigDecimal cost = BigDecimal.ZERO;
        final List<Long> millis = new ArrayList<>();
        final Map<Integer, double[]> rows = new TreeMap<>();
        final Map<Integer, String> where = new TreeMap<>();

        void add(CaseResult result) {
            cases++;
            if (result.cost() != null) {
                cost = cost.add(result.cost());
            }
            if (result.error()) {
                errors++;
                return;
            }
            millis.add(result.latencyMillis());
            scoreSum += result.score();
            double[] row = rows.computeIfAbsent(result.row(), number -> new double[4]);
            row[0] += result.score();
            row[1]++;
            if (result.passed()) {
                passed++;
                row[2]++;
            } else {
                failed++;
                row[3]++;
            }
            where.putIfAbsent(result.row(), result.where());
        }

        VariantSummary summary(EvalSuite.Variant variant) {
            List<String> unstable = new ArrayList<>();
            rows.forEach((number, row) -> {
                if (row[2] > 0 && row[3] > 0) {
                    unstable.add(where.get(number));
                }
            });
            long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            int answered = passed + failed;
            return new VariantSummary(variant, cases, passed, failed, errors, answered == 0 ? null : scoreSum / answered, cost,
                    percentile(sorted, 0.5), percentile(sorted, 0.95), unstable);
        }

        private static long percentile(long[] sorted, double share) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
        }
    }
}
