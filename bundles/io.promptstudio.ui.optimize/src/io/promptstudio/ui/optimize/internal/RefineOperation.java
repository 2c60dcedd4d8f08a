package io.promptstudio.ui.optimize.internal;

import io.promptstudio.eval.DatasetException;
import io.promptstudio.eval.EvalSuites;
import io.promptstudio.optimize.OptimizeStore;
import io.promptstudio.optimize.Refiner;
import io.promptstudio.optimize.Subject;
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
 * One round of the self-refinement loop on an eval's prompt, from its saved file: logged in the optimization store,
 * and never written to the file (the view offers a proposal for review).
 */
final class RefineOperation implements WorkbenchOperation {

    private final EvalSuites.Found suite;
    private final PromptRuns runs;
    private final Consumer<OptimizeStore.StoredProposal> done;
    private final Cancellation cancellation = new Cancellation();

    RefineOperation(EvalSuites.Found suite, PromptRuns runs, Consumer<OptimizeStore.StoredProposal> done) {
        this.suite = suite;
        this.runs = runs;
        this.done = done;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        monitor.beginTask(NLS.bind(Messages.Refine_job, suite.label()), IProgressMonitor.UNKNOWN);
        try (OptimizeStore store = OptimizeStore.open(WorkbenchSettings.optimizeStoreFile())) {
            Subject subject = Subject.load(suite.file(), suite.name()).orElseThrow(() -> new CoreException(Status.error(NLS.bind(
                    Messages.Optimize_notFound, suite.name(), suite.file().getFileName()))));
            Refiner refiner = new Refiner(subject.candidates(), subject.suite(), runs.withCatalog(subject.candidates().catalog()), subject.evaluator(),
                    store, RunOptimizationOperation.CONCURRENCY, false);
            done.accept(refiner.round(subject.promptFile(), null, monitor::subTask, cancellation));
        } catch (IOException | HistoryException | DatasetException | IllegalArgumentException | IllegalStateException e) {
            throw new CoreException(Status.error(NLS.bind(Messages.Refine_failed, e.getMessage()), e));
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
