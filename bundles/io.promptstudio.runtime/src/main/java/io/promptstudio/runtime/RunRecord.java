package io.promptstudio.runtime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

/**
 * Everything about one run that the history keeps: what was asked (prompt, its content hash, profile, arguments,
 * the exact request), what came back (raw answer, parsed output, repairs, usage), what it cost and how long it
 * took, and how it ended. Failed runs are records too, with the error's kind and message. Build one with
 * {@link #builder()}: the record has too many fields of the same type for a positional call to stay right.
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
    /** The cache status of a run that was sent to its provider. */
    public static final String NOT_CACHED = "not-cached";

    /** A new record: a fresh id, started now, no repairs, not cached; the rest unset until given. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder().id(id).startedAt(startedAt).prompt(prompt).promptHash(promptHash).profile(profile).argumentsJson(argumentsJson)
                .provider(provider).requestedModel(requestedModel).returnedModel(returnedModel).requestJson(requestJson)
                .responseText(responseText).outputJson(outputJson).repairsJson(repairsJson).inputTokens(inputTokens)
                .outputTokens(outputTokens).cachedTokens(cachedTokens).cost(cost).firstTokenMillis(firstTokenMillis).totalMillis(totalMillis)
                .cacheStatus(cacheStatus).status(status).errorKind(errorKind).errorMessage(errorMessage);
    }

    /** One line a person reads: model, tokens, cost and time ({@code model m · 12 in / 3 out tokens · $0.000010 · 85 ms}). */
    public String summary() {
        String model = returnedModel != null ? returnedModel : requestedModel;
        String tokens = inputTokens == null ? "tokens unknown" : inputTokens + " in / " + outputTokens + " out tokens";
        String shownCost = cost == null ? "cost unknown" : "$" + cost.setScale(6, RoundingMode.HALF_UP).toPlainString();
        String time = firstTokenMillis == null ? totalMillis + " ms" : totalMillis + " ms (first token " + firstTokenMillis + " ms)";
        return "model " + model + " · " + tokens + " · " + shownCost + " · " + time;
    }

    /** Builds a {@link RunRecord} field by field. */
    public static final class Builder {
        private String id = UUID.randomUUID().toString();
        private Instant startedAt = Instant.now();
        private String prompt;
        private String promptHash;
        private String profile;
        private String argumentsJson;
        private String provider;
        private String requestedModel;
        private String returnedModel;
        private String requestJson;
        private String responseText;
        private String outputJson;
        private String repairsJson = "[]";
        private Integer inputTokens;
        private Integer outputTokens;
        private Integer cachedTokens;
        private BigDecimal cost;
        private Long firstTokenMillis;
        private Long totalMillis;
        private String cacheStatus = NOT_CACHED;
        private String status;
        private String errorKind;
        private String errorMessage;

        private Builder() {
        }

        public Builder id(String value) { id = value; return this; }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder prompt(String value) { prompt = value; return this; }
        public Builder promptHash(String value) { promptHash = value; return this; }
        public Builder profile(String value) { profile = value; return this; }
        public Builder argumentsJson(String value) { argumentsJson = value; return this; }
        public Builder provider(String value) { provider = value; return this; }
        public Builder requestedModel(String value) { requestedModel = value; return this; }
        public Builder returnedModel(String value) { returnedModel = value; return this; }
        public Builder requestJson(String value) { requestJson = value; return this; }
        public Builder responseText(String value) { responseText = value; return this; }
        public Builder outputJson(String value) { outputJson = value; return this; }
        public Builder repairsJson(String value) { repairsJson = value; return this; }
        public Builder inputTokens(Integer value) { inputTokens = value; return this; }
        public Builder outputTokens(Integer value) { outputTokens = value; return this; }
        public Builder cachedTokens(Integer value) { cachedTokens = value; return this; }
        public Builder cost(BigDecimal value) { cost = value; return this; }
        public Builder firstTokenMillis(Long value) { firstTokenMillis = value; return this; }
        public Builder totalMillis(Long value) { totalMillis = value; return this; }
        public Builder cacheStatus(String value) { cacheStatus = value; return this; }
        public Builder status(String value) { status = value; return this; }
        public Builder errorKind(String value) { errorKind = value; return this; }
        public Builder errorMessage(String value) { errorMessage = value; return this; }

        /** A failed run: its status, the error's kind and message. */
        public Builder failed(String kind, String message) {
            return status(FAILED).errorKind(kind).errorMessage(message);
        }

        public RunRecord build() {
            return new RunRecord(id, startedAt, prompt, promptHash, profile, argumentsJson, provider, requestedModel, returnedModel, requestJson,
                    responseText, outputJson, repairsJson, inputTokens, outputTokens, cachedTokens, cost, firstTokenMillis, totalMillis,
                    cacheStatus, status, errorKind, errorMessage);
        }
    }
}
