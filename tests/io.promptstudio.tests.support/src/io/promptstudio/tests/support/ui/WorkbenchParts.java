package io.promptstudio.tests.support.ui;

import java.util.Arrays;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;

/** The running workbench as the UI tests of every feature reach it: its page, its shell, its parts' controls. */
public final class WorkbenchParts {

    private WorkbenchParts() {
    }

    public static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    public static Shell shell() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
    }

    /** The control of {@code view}'s window whose {@code name} data is {@code name}, or null while there is none. */
    public static Control named(IViewPart view, String name) {
        return Widgets.find(view.getSite().getShell(), Control.class, control -> name.equals(control.getData("name"))).orElse(null);
    }

    /** A screenshot with the active part maximized, as a user looking at it would have it; restored after. */
    public static void captureMaximized(String name) throws Exception {
        var part = page().getActivePartReference();
        page().setPartState(part, IWorkbenchPage.STATE_MAXIMIZED);
        UiWait.drainEvents();
        try {
            Screenshots.capture(shell(), name);
        } finally {
            page().setPartState(part, IWorkbenchPage.STATE_RESTORED);
            UiWait.drainEvents();
        }
    }

    /** Whether the workbench's background checking of prompt files has settled (no check scheduled or running). */
    public static boolean checksSettled() {
        return Arrays.stream(Job.getJobManager().find(null))
                .noneMatch(job -> job.getName().startsWith("Checking") || job.getName().startsWith("Loading the prompt language"));
    }
}
