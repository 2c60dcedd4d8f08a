package io.promptstudio.ui.optimize.internal;

import io.promptstudio.eval.DatasetException;
import io.promptstudio.eval.EvalSuites;
import io.promptstudio.optimize.OptimizeOutcome;
import io.promptstudio.optimize.OptimizeSettings;
import io.promptstudio.optimize.OptimizeStore;
import io.promptstudio.optimize.Optimizer;
import io.promptstudio.optimize.Scored;
import io.promptstudio.optimize.Subject;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runtime.pricing.PriceTable;
import io.promptstudio.store.HistoryException;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.WorkbenchSettings;
import java.io.IOException;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

/**
 * Estimates or runs (or resumes) an optimization of an eval's prompt from its saved file, through the workbench's run
 * path over the optimizer's candidates, kept in the optimization store the CLI uses too.
 */
final class RunOptimizationOperation implements WorkbenchOperation {

    /** Runs at a time: enough to keep a provider busy, few enough for its rate limits. */
    static final int CONCURRENCY = 4;

    /** What the view hears, from the job's thread. */
    interface Progress {
        void estimated(Subject subject, OptimizeOutcome.Split split, OptimizeOutcome.Estimate estimate);

        void phase(String what);

        void candidate(Scored candidate);

        void generation(OptimizeOutcome.Generation generation);

        void finished(Subject subject, OptimizeOutcome outcome);
    }

    private final EvalSuites.Found suite;
    private final OptimizeSettings settings;
    private final String resume;
    private final boolean estimateOnly;
    private final PromptRuns runs;
    private final Progress progress;
    private final Cancellation cancellation = new Cancellation();

    /**
     * @param resume the id of a stopped run to go on with (its settings, under {@code settings}' budget), or null
     * @param estimateOnly only estimate: nothing is run
     */
    RunOptimizationOperation(EvalSuites.Found suite, OptimizeSettings settings, String resume, boolean estimateOnly, PromptRuns runs,
            Progress progress) {
        this.suite = suite;
        this.settings = settings;
        this.resume = resume;
        this.estimateOnly = estimateOnly;
        this.runs = runs;
        this.progress = progress;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        monitor.beginTask(NLS.bind(estimateOnly ? Messages.Optimize_estimateJob : Messages.Optimize_runJob, suite.label()), IProgressMonitor.UNKNOWN);
        Subject subject;
        try {
            subject = Subject.load(suite.file(), suite.name()).orElseThrow(() -> new CoreException(Status.error(NLS.bind(Messages.Optimize_notFound,
                    suite.name(), suite.file().getFileName()))));
        } catch (IOException | IllegalArgumentException e) {
            throw new CoreException(Status.error(e.getMessage(), e));
        }
        PriceTable prices;
        try {
            prices = PriceTable.load(WorkbenchSettings.pricesFile());
        } catch (IOException e) {
            prices = null;
        }
        try (OptimizeStore store = OptimizeStore.open(WorkbenchSettings.optimizeStoreFile())) {
            // The workbench opens its cache per run, which is not made for many threads: candidates here ask the provider.
            Optimizer optimizer = new Optimizer(subject.candidates(), subject.suite(), runs.withCatalog(subject.candidates().catalog()),
                    subject.evaluator(), store, CONCURRENCY, false, prices);
            progress.estimated(subject, optimizer.split(settings), optimizer.estimate(settings));
            if (estimateOnly) {
                return;
            }
            Optimizer.Listener listener = new Optimizer.Listener() {
                @Override
                public void phase(String what) {
                    monitor.subTask(what);
                    progress.phase(what);
                }

                @Override
                public void candidate(Scored candidate, boolean replayed) {
                    progress.candidate(candidate);
                }

                @Override
                public void generation(OptimizeOutcome.Generation generation) {
                    progress.generation(generation);
                }
            };
            OptimizeOutcome outcome = resume == null ? optimizer.run(settings, listener, cancellation)
                    : optimizer.resume(resume, settings.maxCalls(), settings.maxTokens(), settings.maxDollars(), listener, cancellation);
            progress.finished(subject, outcome);
            if (cancellation.isCancelled()) {
                monitor.setCanceled(true);
            }
        } catch (HistoryException | DatasetException | IllegalArgumentException | IllegalStateException e) {
            throw new CoreException(Status.error(NLS.bind(Messages.Optimize_failed, e.getMessage()), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            monitor.setCanceled(true);
        }
    }

    @Override
    public void cancel() {
        cancellation.cancel();
    }
}
