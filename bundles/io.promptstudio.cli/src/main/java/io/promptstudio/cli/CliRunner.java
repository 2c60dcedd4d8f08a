package io.promptstudio.cli;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptCatalog;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunCache;
import io.promptstudio.runs.RunException;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRecorder;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.runtime.provider.ProviderException;
import io.promptstudio.runtime.provider.Providers;
import io.promptstudio.search.cache.CacheException;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.store.HistoryException;
import io.promptstudio.store.RunHistory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link PromptRuns} for the CLI's {@code run} and {@code test}: the loaded prompt files, keys from the environment,
 * and the history, price table and cache that the options name; what cannot start is a usage error naming the command.
 */
final class CliRunner implements AutoCloseable {

    private final String command;
    private final RunHistory history;
    private final PromptRuns runs;
    private final SemanticCache sharedCache;
    private final PriceTable prices;

    /** How the runs reach the semantic cache. */
    enum CacheAccess {
        /** Opened for each run that asks for it (one run at a time: run, test). */
        PER_RUN,
        /** Opened once, here, and shared by runs from several threads (eval). */
        SHARED,
        /** Not opened: no run asks for it. */
        NONE
    }

    CliRunner(LanguageWorkspace workspace, Path historyFile, Path pricesFile, Path cacheFile, String command) {
        this(workspace, historyFile, pricesFile, cacheFile, command, CacheAccess.PER_RUN);
    }

    CliRunner(LanguageWorkspace workspace, Path historyFile, Path pricesFile, Path cacheFile, String command, CacheAccess access) {
        this(PromptCatalog.of(workspace), historyFile, pricesFile, cacheFile, command, access);
    }

    /** Runs over another catalog than a workspace's files: the optimizer's, whose candidates live only in memory. */
    CliRunner(PromptCatalog catalog, Path historyFile, Path pricesFile, Path cacheFile, String command, CacheAccess access) {
        this.command = command;
        PriceTable prices;
        try {
            prices = PriceTable.load(CliStore.prices(pricesFile));
            this.history = RunHistory.open(CliStore.history(historyFile));
        } catch (IOException | HistoryException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage());
        }
        RunCache.Opener caches;
        if (access == CacheAccess.NONE) {
            this.sharedCache = null;
            caches = () -> {
                throw new RunException(RunException.Kind.CACHE, "promptstudio " + command + " uses no cache here", null);
            };
        } else if (access == CacheAccess.SHARED) {
            try {
                this.sharedCache = CacheCommand.open(cacheFile);
            } catch (CacheException e) {
                closeHistory();
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage());
            }
            caches = RunCache.sharing(sharedCache);
        } else {
            this.sharedCache = null;
            caches = RunCache.semantic(() -> CacheCommand.open(cacheFile));
        }
        this.prices = prices;
        this.runs = PromptRuns.builder().catalog(catalog).recorder(RunRecorder.into(history)).prices(() -> prices)
                .caches(caches).build();
    }

    /** The price table the runs are priced by. */
    PriceTable prices() {
        return prices;
    }

    /** The run path itself, for commands that run many prompts on threads of their own (eval). */
    io.promptstudio.runs.PromptRuns runs() {
        return runs;
    }

    /** Why the request cannot reach its provider for want of a key (the message names the variable to set), or null. */
    String missingKey(RunRequest request) {
        try {
            Providers.forSettings(runs.settings(request), System::getenv);
            return null;
        } catch (ProviderException e) {
            return "missing-key".equals(e.kind()) ? e.getMessage() : null;
        } catch (RunException e) {
            throw failure(e);
        }
    }

    /** Runs and records the run, whatever its outcome (a missing key is a failed run too). */
    RunRecord run(RunRequest request, RunListener listener) throws ArgumentException {
        try {
            return runs.run(request, listener, Cancellation.none());
        } catch (RunException e) {
            throw failure(e);
        }
    }

    private CommandFailure failure(RunException e) {
        String hint = e.kind() == RunException.Kind.NO_PROFILE ? ": give one with --profile" : "";
        return new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage() + hint);
    }

    @Override
    public void close() {
        if (sharedCache != null) {
            try {
                sharedCache.close();
            } catch (CacheException e) {
                closeHistory();
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage());
            }
        }
        closeHistory();
    }

    private void closeHistory() {
        try {
            history.close();
        } catch (HistoryException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage());
        }
    }
}
