package io.promptstudio.chains;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one stage of a chain run did, as stored: its inputs and output as JSON, the parser's repairs, the calls it made
 * (their tokens, cost and ids in the run history), its time, and how it ended.
 *
 * @param stage       the stage's name
 * @param kind        call, retrieve, branch, map or refine
 * @param status      {@link #SUCCEEDED}, {@link #FAILED}, {@link #SKIPPED} (a stage it reads failed) or {@link #CANCELLED}
 * @param inputJson   the values the stage was given (arguments, the question, the list), as JSON
 * @param outputJson  its output as JSON; null unless it succeeded
 * @param detail      what the stage decided, for people: the branch arm taken, the rounds a refinement ran
 * @param calls       the prompt runs it made
 * @param cacheHits   how many of them the cache answered
 * @param historyRuns their ids in the run history (and a called chain's run id)
 * @param reused      whether this result was kept from an earlier attempt of the run (a resume) instead of run again
 */
public record StageResult(String stage, String kind, String status, String inputJson, String outputJson, List<String> repairs, String detail,
        int calls, int cacheHits, Integer inputTokens, Integer outputTokens, BigDecimal cost, long millis, List<String> historyRuns, String error,
        boolean reused) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    public static final String CANCELLED = "cancelled";

    public StageResult {
        repairs = List.copyOf(repairs);
        historyRuns = List.copyOf(historyRuns);
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    /** The same result, marked as kept from an earlier attempt. */
    StageResult asReused() {
        return new StageResult(stage, kind, status, inputJson, outputJson, repairs, detail, calls, cacheHits, inputTokens, outputTokens, cost,
                millis, historyRuns, error, true);
    }
}
