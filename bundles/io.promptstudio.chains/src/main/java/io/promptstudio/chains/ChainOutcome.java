package io.promptstudio.chains;

import java.math.BigDecimal;
import java.util.List;

/**
 * How a chain run ended: its id in the store, status, output (plain values) and its JSON, each stage's result in the
 * order they can run, the run's cost and time, for a failed run why, and how long its prompt calls took inside the run
 * path (stages that ran at the same time each count), which tells the executor's own time from the calls'.
 */
public record ChainOutcome(String runId, String chain, String status, Object output, String outputJson, List<StageResult> stages,
        BigDecimal cost, long millis, String error, long runPathNanos) {

    public ChainOutcome {
        stages = List.copyOf(stages);
    }

    public boolean succeeded() {
        return ChainStore.SUCCEEDED.equals(status);
    }
}
