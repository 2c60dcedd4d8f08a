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
}
