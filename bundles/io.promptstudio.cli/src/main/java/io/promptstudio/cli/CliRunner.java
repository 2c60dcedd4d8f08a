package io.promptstudio.cli;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.store.HistoryException;
import io.promptstudio.store.RecordedRuns;
import io.promptstudio.store.RunHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs rendered prompts for the CLI's {@code run} and {@code test}: the provider of the profile, the price table, and the history. */
final class CliRunner implements AutoCloseable {

    private final RunHistory history;
    private final RecordedRuns runs;

    CliRunner(Path historyFile, Path pricesFile, String command) throws HistoryException {
        PriceTable prices;
        try {
            prices = PriceTable.load(CliStore.prices(pricesFile));
        } catch (IOException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage());
        }
        try {
            this.history = RunHistory.open(CliStore.history(historyFile));
        } catch (HistoryException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage());
        }
        this.runs = new RecordedRuns(prices, history, System::getenv);
    }

    /** Runs and records the run, whatever its outcome (a missing key is a failed run too). */
    RunRecord run(LanguageWorkspace workspace, Prompt prompt, RenderedPrompt rendered, ModelSettings settings) throws IOException, HistoryException {
        return runs.run(rendered, source(workspace, prompt), settings);
    }

    void record(RunRecord run) throws HistoryException {
        runs.record(run);
    }

    /** The text of the prompt's file: its hash is the prompt's version in the history. */
    static String source(LanguageWorkspace workspace, Prompt prompt) throws IOException {
        Path file = workspace.resources().entrySet().stream().filter(entry -> entry.getValue() == prompt.eResource()).findFirst().orElseThrow()
                .getKey();
        return Files.readString(file);
    }

    @Override
    public void close() throws HistoryException {
        history.close();
    }
}
