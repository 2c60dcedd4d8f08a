package io.promptstudio.ui.runs.internal.playground;

import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.ui.WorkbenchOperation;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;

/**
 * The Playground's Run (one request) and Compare (one request per profile): each request goes through the
 * workbench's {@link PromptRuns} in turn, its record is handed on as soon as it is made, and cancelling stops the
 * provider call under way and the requests after it.
 */
final class RunPromptsOperation implements WorkbenchOperation {

    private final PromptRuns runs;
    private final List<RunRequest> requests;
    private final RunListener listener;
    private final Consumer<RunRecord> recorded;
    private final Consumer<List<String>> badInputs;
    private final Cancellation cancellation = new Cancellation();

    /**
     * @param listener told the answer's text as it streams in
     * @param recorded told each run's record, from the Job's thread
     * @param badInputs told the problems with the form's inputs, when the prompt refuses them
     */
    RunPromptsOperation(PromptRuns runs, List<RunRequest> requests, RunListener listener, Consumer<RunRecord> recorded,
            Consumer<List<String>> badInputs) {
        this.runs = runs;
        this.requests = List.copyOf(requests);
        this.listener = listener;
        this.recorded = recorded;
        this.badInputs = badInputs;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, requests.size());
        for (RunRequest request : requests) {
            if (cancellation.isCancelled()) {
                monitor.setCanceled(true);
                return;
            }
            progress.subTask(Messages.bind(Messages.Run_progress, request.prompt(), request.profile()));
            try {
                recorded.accept(runs.run(request, listener, cancellation));
            } catch (ArgumentException e) {
                badInputs.accept(e.problems());
                return;
            } catch (Exception e) {
                throw new CoreException(Status.error(Messages.bind(Messages.Run_failed, request.prompt(), e.getMessage()), e));
            }
            progress.worked(1);
        }
        if (cancellation.isCancelled()) {
            monitor.setCanceled(true);
        }
    }

    @Override
    public void cancel() {
        cancellation.cancel();
    }
}
