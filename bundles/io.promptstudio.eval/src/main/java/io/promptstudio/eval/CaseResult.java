package io.promptstudio.eval;

import java.math.BigDecimal;
import java.util.List;

/**
 * One case's result for one variant and one repeat.
 *
 * @param status {@link #PASSED}, {@link #FAILED} (the answer came and fell short), or {@link #ERROR} (no answer to
 *        score: a bad row, a failed run, inputs the prompt refused) — errors are counted apart, never averaged in
 * @param score the weighted score between 0 and 1, or null for an error
 * @param checks each assertion's outcome, in the suite's order
 * @param reason why it failed or erred, empty when it passed
 */
public record CaseResult(int row, String where, EvalSuite.Variant variant, int repeat, String status, Double score, List<Check> checks,
        String output, String reason, BigDecimal cost, long latencyMillis) {

    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String ERROR = "error";

    public CaseResult {
        checks = List.copyOf(checks);
    }

    /** One assertion's outcome: its score (1 or 0 for a true/false check), and what the paths it read were. */
    public record Check(String name, double score, String detail) {
    }

    public boolean passed() {
        return PASSED.equals(status);
    }

    public boolean error() {
        return ERROR.equals(status);
    }
}
