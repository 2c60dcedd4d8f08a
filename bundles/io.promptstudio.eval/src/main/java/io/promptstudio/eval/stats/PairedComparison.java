package io.promptstudio.eval.stats;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The statistics of an A/B comparison on the same cases: variant A's and B's score on each case (paired by
 * index), and whether each passed. The distributions and the exact tests are Commons Math's; what is written here is
 * only which test is asked and how its parts are counted, chosen to give the numbers SciPy gives (see
 * {@code tests/io.promptstudio.eval.tests/scipy/} for the script and its values).
 */
public final class PairedComparison {

    /** Up to this many non-zero differences without ties, the signed-rank p-value is exact (SciPy's limit too). */
    static final int EXACT_WILCOXON_LIMIT = 50;

    private final double[] a;
    private final double[] b;
    private final boolean[] passA;
    private final boolean[] passB;

    /**
     * @throws IllegalArgumentException when the arrays differ in length, are empty, or a score is not a finite number
     */
    public PairedComparison(double[] scoresA, double[] scoresB, boolean[] passedA, boolean[] passedB) {
        int n = scoresA.length;
        if (n == 0 || scoresB.length != n || passedA.length != n || passedB.length != n) {
            throw new IllegalArgumentException("a paired comparison needs the same, non-zero number of cases on both sides (A "
                    + n + ", B " + scoresB.length + ")");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scoresA[i]) || !Double.isFinite(scoresB[i])) {
                throw new IllegalArgumentException("case " + (i + 1) + " has no finite score on both sides: errors are counted apart,"
                        + " not compared");
            }
        }
        this.a = scoresA.clone();
        this.b = scoresB.clone();
        this.passA = passedA.clone();
        this.passB = passedB.clone();
    }

    public int size() {
        return a.length;
    }

    /** B's score minus A's, per case. */
    double[] differences() {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
        }
        return d;
    }

    /** The mean of B's score minus A's. */
    public double meanDifference() {
        return StatUtils.mean(differences());
    }

    /**
     * The percentile bootstrap interval of the mean difference: cases are resampled with replacement as pairs.
     *
     * @param level e.g. 0.95
     * @param seed the resampling's seed, so that a report can be made again to the digit
     */
    public Interval bootstrapInterval(double level, int resamples, long seed) {
        double[] d = differences();
        Random random = new Random(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                sum += d[random.nextInt(d.length)];
            }
            means[r] = sum / d.length;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2 * 100;
        return new Interval(StatUtils.percentile(means, tail), StatUtils.percentile(means, 100 - tail), level);
    }

    /**
     * McNemar's exact test on pass/fail: of the cases where exactly one side passed, whether B wins more often than
     * chance allows (a two-sided binomial test at one half, as {@code scipy.stats.binomtest}).
     */
    public McNemar mcnemar() {
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < a.length; i++) {
            if (passA[i] && !passB[i]) {
                onlyA++;
            } else if (passB[i] && !passA[i]) {
                onlyB++;
            }
        }
        return new McNemar(onlyA, onlyB, signTest(onlyA, onlyB));
    }

    /**
     * The exact two-sided sign test of {@code x} against {@code y} outcomes (McNemar's on the discordant pairs, a
     * pairwise judge's wins against losses): 1 when there are none. Commons Math's two-sided sum can pass 1 by its
     * rounding when x = y, so it is capped, as SciPy's is.
     */
    static double signTest(int x, int y) {
        int n = x + y;
        return n == 0 ? 1.0 : Math.min(1.0, new BinomialTest().binomialTest(n, Math.min(x, y), 0.5, AlternativeHypothesis.TWO_SIDED));
    }

    /**
     * The Wilcoxon signed-rank test on the score differences, zero differences dropped (SciPy's {@code
     * zero_method="wilcox"}). Exact when at most {@value #EXACT_WILCOXON_LIMIT} differences remain and none tie;
     * otherwise the normal approximation with the tie correction of the variance and a continuity correction (SciPy's
     * {@code method="approx", correction=True}).
     */
    public Wilcoxon wilcoxon() {
        double[] nonZero = Arrays.stream(differences()).filter(value -> value != 0).toArray();
        int n = nonZero.length;
        if (n == 0) {
            return new Wilcoxon(0, 0, 1.0, true);
        }
        double[] magnitudes = Arrays.stream(nonZero).map(Math::abs).toArray();
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(magnitudes);
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < n; i++) {
            if (nonZero[i] > 0) {
                plus += ranks[i];
            } else {
                minus += ranks[i];
            }
        }
        double statistic = Math.min(plus, minus);
        boolean ties = Arrays.stream(magnitudes).distinct().count() < n;
        if (n <= EXACT_WILCOXON_LIMIT && !ties) {
            return new Wilcoxon(n, statistic, Math.min(1.0, 2 * exactLowerTail(n, (int) statistic)), true);
        }
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieCorrection(magnitudes) / 48.0;
        double deviation = Math.sqrt(variance);
        double z = deviation == 0 ? 0 : (Math.abs(statistic - mean) - 0.5) / deviation;
        double p = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.max(z, 0)));
        return new Wilcoxon(n, statistic, Math.min(1.0, p), false);
    }

    /**
     * P(W ≤ w) under the null hypothesis, where W is the sum of the ranks 1..n that carry a plus sign, each sign
     * equally likely: the number of subsets of 1..n summing to at most w, over 2ⁿ. Counted by dynamic programming
     * (n² / 2 sums), where Commons Math's exact test enumerates all 2ⁿ sign patterns and is unusable past n = 20.
     */
    static double exactLowerTail(int n, int w) {
        int total = n * (n + 1) / 2;
        long[] subsets = new long[total + 1];
        subsets[0] = 1;
        for (int rank = 1; rank <= n; rank++) {
            for (int sum = total; sum >= rank; sum--) {
                subsets[sum] += subsets[sum - rank];
            }
        }
        double below = 0;
        for (int sum = 0; sum <= Math.min(w, total); sum++) {
            below += subsets[sum];
        }
        return below / Math.pow(2, n);
    }

    /** Σ (t³ − t) over the groups of tied magnitudes. */
    private static double tieCorrection(double[] magnitudes) {
        double[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        double correction = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double t = j - i + 1;
            correction += t * t * t - t;
            i = j + 1;
        }
        return correction;
    }

    /**
     * The smallest mean difference this many cases would detect with the given power at the given two-sided
     * significance level, from the spread of the differences seen (the normal approximation of a paired test).
     */
    public double minimumDetectableEffect(double alpha, double power) {
        if (a.length < 2) {
            return Double.POSITIVE_INFINITY;
        }
        NormalDistribution normal = new NormalDistribution();
        double spread = Math.sqrt(StatUtils.variance(differences()));
        return (normal.inverseCumulativeProbability(1 - alpha / 2) + normal.inverseCumulativeProbability(power)) * spread
                / Math.sqrt(a.length);
    }

    /** An interval of the mean difference (B − A). */
    public record Interval(double low, double high, double level) {
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    /** McNemar's test: the cases only A passed, only B passed, and the two-sided exact p-value. */
    public record McNemar(int onlyA, int onlyB, double pValue) {
    }

    /**
     * The signed-rank test: how many non-zero differences, the smaller rank sum (SciPy's statistic), the two-sided
     * p-value, and whether it is exact.
     */
    public record Wilcoxon(int nonZero, double statistic, double pValue, boolean exact) {
    }
}
