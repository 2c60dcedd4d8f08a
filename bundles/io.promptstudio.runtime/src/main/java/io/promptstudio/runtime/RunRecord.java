package io.promptstudio.runtime;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Everything about one run that the history keeps: what was asked (prompt, its content hash, profile, arguments,
 * the exact request), what came back (raw answer, parsed output, repairs, usage), what it cost and how long it
 * took, and how it ended. Failed runs are records too, with the error's kind and message.
 *
 * @param cost null when unknown (a model missing from the price table, or no usage reported) — never zero for unknown
 */
public record RunRecord(String id, Instant startedAt, String prompt, String promptHash, String profile, String argumentsJson,
        String provider, String requestedModel, String returnedModel, String requestJson, String responseText, String outputJson,
        String repairsJson, Integer inputTokens, Integer outputTokens, Integer cachedTokens, BigDecimal cost, Long firstTokenMillis,
        Long totalMillis, String cacheStatus, String status, String errorKind, String errorMessage) {

    /** How a run ended. */
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** One line a person reads: model, tokens, cost and time ({@code model m · 12 in / 3 out tokens · $0.000010 · 85 ms}). */
    public String summary() {
        String model = returnedModel != null ? returnedModel : requestedModel;
        String tokens = inputTokens == null ? "tokens unknown" : inputTokens + " in / " + outputTokens + " out tokens";
        String shownCost = cost == null ? "cost unknown" : "$" + cost.setScale(6, java.math.RoundingMode.HALF_UP).toPlainString();
        String time = firstTokenMillis == null ? totalMillis + " ms" : totalMillis + " ms (first token " + firstTokenMillis + " ms)";
        return "model " + model + " · " + tokens + " · " + shownCost + " · " + time;
    }
}
