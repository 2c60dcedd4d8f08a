package io.promptstudio.ui.eval.internal;

import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.DatasetException;
import io.promptstudio.eval.EvalListener;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalRunner;
import io.promptstudio.eval.EvalStore;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.eval.EvalSuites;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.store.HistoryException;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.WorkbenchSettings;
import java.io.IOException;
import java.util.function.Consumer;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

/**
 * Runs one eval suite from its saved file through the workbench's {@link PromptRuns}: the same runner and statistics
 * as {@code promptstudio eval}, a few cases at a time, each result handed on as it comes.
 */
final class RunEvalOperation implements WorkbenchOperation {

    /** Runs at a time: enough to keep a provider busy, few enough for its rate limits. */
    static final int CONCURRENCY = 4;

    private final EvalSuites.Found suite;
    private final PromptRuns runs;
    private final EvalListener listener;
    private final Consumer<EvalSuite> started;
    private final Consumer<EvalOutcome> finished;
    private final Cancellation cancellation = new Cancellation();

    RunEvalOperation(EvalSuites.Found suite, PromptRuns runs, Consumer<EvalSuite> started, EvalListener listener,
            Consumer<EvalOutcome> finished) {
        this.suite = suite;
        this.runs = runs;
        this.started = started;
        this.listener = listener;
        this.finished = finished;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        monitor.beginTask(NLS.bind(Messages.Eval_runJob, suite.label()), IProgressMonitor.UNKNOWN);
        EvalSuites.Loaded loaded;
        try {
            loaded = EvalSuites.load(suite.file(), suite.name()).orElseThrow(() -> new CoreException(Status.error(NLS.bind(
                    Messages.Eval_notFound, suite.name(), suite.file().getFileName()))));
        } catch (IOException | IllegalArgumentException e) {
            throw new CoreException(Status.error(e.getMessage(), e));
        }
        EvalSuite evalSuite = loaded.suite();
        started.accept(evalSuite);
        ExpectationEvaluator evaluator = loaded.evaluator();
        // Kept in the eval store as the CLI keeps its runs: the view's history, and promptstudio eval-runs, show them.
        try (EvalStore store = EvalStore.open(WorkbenchSettings.evalStoreFile())) {
            String runId = store.begin(evalSuite, suite.label(), evalSuite.fingerprint());
            java.util.concurrent.atomic.AtomicReference<HistoryException> storeFailure = new java.util.concurrent.atomic.AtomicReference<>();
            EvalListener keeping = (result, done) -> {
                try {
                    store.record(runId, result);
                } catch (HistoryException e) {
                    storeFailure.compareAndSet(null, e);
                    cancellation.cancel();
                }
                listener.result(result, done);
                monitor.subTask(NLS.bind(Messages.Eval_running, suite.label(), done));
            };
            // The workbench opens its cache per run, which is not made for many threads: an eval here asks the provider.
            EvalOutcome outcome = new EvalRunner(runs, evaluator, CONCURRENCY, false).run(evalSuite, keeping, cancellation);
            if (storeFailure.get() != null) {
                throw new CoreException(Status.error(NLS.bind(Messages.Eval_storeFailed, storeFailure.get().getMessage()), storeFailure.get()));
            }
            store.finish(runId, outcome);
            finished.accept(outcome);
        } catch (HistoryException e) {
            throw new CoreException(Status.error(NLS.bind(Messages.Eval_storeFailed, e.getMessage()), e));
        } catch (DatasetException e) {
            throw new CoreException(Status.error(NLS.bind(Messages.Eval_datasetFailed, e.getMessage()), e));
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
