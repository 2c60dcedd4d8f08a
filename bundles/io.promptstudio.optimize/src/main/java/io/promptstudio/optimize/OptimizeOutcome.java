package io.promptstudio.optimize;

import io.promptstudio.eval.EvalOutcome;
import java.math.BigDecimal;
import java.util.List;

/**
 * What an optimization came to.
 *
 * @param status {@link OptimizeStore#FINISHED}, or {@link OptimizeStore#STOPPED} (its budget ran out, or it was
 *        cancelled: a resume goes on)
 * @param stopReason why it stopped early, or null
 * @param best the candidate with the best validation score (the start when none beat it)
 * @param test the start and the best run on the held-out test split, with their comparison; null when the best is
 *        the start or the run stopped before testing
 * @param estimate what the run was estimated to spend before it started
 */
public record OptimizeOutcome(String runId, OptimizeSettings settings, Split split, String status, String stopReason, Scored start, Scored best,
        List<Scored> candidates, List<Generation> generations, EvalOutcome test, Estimate estimate, Spent spent) {

    /** The rows of each split, by their numbers in the dataset. */
    public record Split(List<Integer> train, List<Integer> batch, List<Integer> validation, List<Integer> test) {
    }

    /** A generation's figures: the best and mean fitness of the candidates scored so far, the best validation score. */
    public record Generation(int number, Double bestFitness, Double meanFitness, Double bestValidation, int valid, int invalid, Spent spent) {
    }

    /** Runs made through the run path (cache hits are not calls), tokens in and out, and dollars (null: unpriced). */
    public record Spent(long calls, long tokens, BigDecimal dollars) {
    }

    /**
     * What a run is expected to spend, before it starts: its calls are counted from the settings and the splits
     * (every candidate valid and new), its tokens from the prompt rendered on the training rows.
     */
    public record Estimate(long calls, long tokens, BigDecimal dollars) {
    }

    public int invalid() {
        return (int) candidates.stream().filter(candidate -> !candidate.valid()).count();
    }

    /** The comparison of the best with the start on the test split, or null when there was none. */
    public EvalOutcome.Comparison comparison() {
        return test == null || test.comparisons().isEmpty() ? null : test.comparisons().get(0);
    }

    /**
     * Whether the test split shows the best better than the start: the comparison's verdict, which needs the
     * difference significant after Holm–Bonferroni, as {@code promptstudio compare} says it.
     */
    public boolean improved() {
        EvalOutcome.Comparison comparison = comparison();
        return comparison != null && EvalOutcome.Comparison.BETTER.equals(comparison.verdict());
    }
}
