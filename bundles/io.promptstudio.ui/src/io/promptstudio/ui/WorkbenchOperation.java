package io.promptstudio.ui;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Background work kept apart from the part or handler that starts it (EGit's pattern): the operation does the work
 * and reports progress on the monitor; {@link #job} wraps it in a user Job that parts and handlers schedule, and
 * cancelling the Job cancels the operation.
 */
public interface WorkbenchOperation {

    /**
     * Does the work, from a Job's thread.
     *
     * @throws CoreException with the status to show when the work fails
     */
    void execute(IProgressMonitor monitor) throws CoreException;

    /** The user cancelled: work that waits outside the monitor (a provider call, a network request) stops here. */
    default void cancel() {
    }

    /** {@code operation} as a user Job named {@code name}, not yet scheduled. */
    static Job job(String name, WorkbenchOperation operation) {
        Job job = new Job(name) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    operation.execute(monitor);
                    return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
                } catch (CoreException e) {
                    return e.getStatus();
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (RuntimeException | LinkageError e) {
                    // a defect, not a failure the operation foresaw: still the Job's status, with its stack in the log
                    return Status.error(String.valueOf(e), e);
                } finally {
                    monitor.done();
                }
            }

            @Override
            protected void canceling() {
                operation.cancel();
            }
        };
        job.setUser(true);
        return job;
    }
}
