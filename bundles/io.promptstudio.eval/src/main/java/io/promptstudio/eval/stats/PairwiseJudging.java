package io.promptstudio.eval.stats;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.IntervalUtils;

/**
 * What a pairwise judge said of B against A over the rows: each row is a win for B, a loss, or a tie (the judge
 * called it even, or changed its mind when the two answers swapped places: position bias, counted apart). B's win
 * rate over the decided rows gets the Wilson score interval, and the exact two-sided sign test says whether it
 * differs from one half. SciPy's {@code binomtest} gives the same numbers ({@code scipy/judging.py}).
 *
 * @param positionBiased ties where the judge preferred whichever answer came first (or second) in both orders
 * @param errors rows the judge could not decide (it failed or its answer could not be read)
 */
public record PairwiseJudging(int wins, int losses, int ties, int positionBiased, int errors) {

    /** B's win rate over the decided rows, or null when none was decided. */
    public Double winRate() {
        return decided() == 0 ? null : (double) wins / decided();
    }

    public int decided() {
        return wins + losses;
    }

    /** The exact two-sided sign test's p-value (1 when no row was decided). */
    public double pValue() {
        return PairedComparison.signTest(wins, losses);
    }

    /** The Wilson score interval of the win rate at {@code level}, or null when no row was decided. */
    public PairedComparison.Interval winRateInterval(double level) {
        if (decided() == 0) {
            return null;
        }
        ConfidenceInterval interval = IntervalUtils.getWilsonScoreInterval(decided(), wins, level);
        return new PairedComparison.Interval(Math.max(0, interval.getLowerBound()), Math.min(1, interval.getUpperBound()), level);
    }
}
