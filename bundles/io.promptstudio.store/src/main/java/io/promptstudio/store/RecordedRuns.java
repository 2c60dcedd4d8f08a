package io.promptstudio.store;

import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runtime.Execution;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.runtime.provider.ProviderException;
import io.promptstudio.runtime.provider.Providers;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs prompts and records every run in the history, whatever its outcome — a missing key or an unknown provider
 * is a failed run too. What the CLI's {@code run} and {@code test} and the workbench's playground share.
 */
public final class RecordedRuns {

    private final Execution execution;
    private final RunHistory history;
    private final Function<String, String> keys;

    /** @param keys the API key for an environment variable name ({@code OPENAI_API_KEY}, …): the environment, or a key store */
    public RecordedRuns(PriceTable prices, RunHistory history, Function<String, String> keys) {
        this.execution = new Execution(prices);
        this.history = history;
        this.keys = keys;
    }

    public RunRecord run(RenderedPrompt rendered, String promptSource, ModelSettings settings) throws HistoryException {
        return run(rendered, promptSource, settings, text -> { });
    }

    /** Runs, streaming the answer to {@code onText} as it arrives, and records the run before returning it. */
    public RunRecord run(RenderedPrompt rendered, String promptSource, ModelSettings settings, Consumer<String> onText) throws HistoryException {
        RunRecord run = execute(rendered, promptSource, settings, onText);
        // A cancelled run leaves the thread interrupted; H2's file channels close on an interrupt, so the flag is
        // put aside while the run is recorded and given back after.
        boolean interrupted = Thread.interrupted();
        try {
            record(run);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return run;
    }

    /**
     * Runs without recording: interrupting this thread cancels the call (the record then says so). For callers
     * that cancel by interrupting, so that the thread that writes the history is never the one interrupted.
     */
    public RunRecord execute(RenderedPrompt rendered, String promptSource, ModelSettings settings, Consumer<String> onText) {
        try {
            return execution.run(rendered, promptSource, settings, Providers.forSettings(settings, keys), onText);
        } catch (ProviderException e) {
            return new RunRecord(UUID.randomUUID().toString(), Instant.now(), rendered.prompt(), "", settings.profile(), null, settings.provider(),
                    settings.model(), null, null, null, null, "[]", null, null, null, null, null, 0L, "not-cached", RunRecord.FAILED, e.kind(),
                    e.getMessage());
        }
    }

    public void record(RunRecord run) throws HistoryException {
        history.record(run);
    }

    public RunHistory history() {
        return history;
    }
}
