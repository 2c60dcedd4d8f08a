package io.promptstudio.ui.internal;

import java.lang.reflect.InvocationTargetException;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.operation.IRunnableWithProgress;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.statushandlers.StatusManager;

/** Runs a wizard's workspace operation with the wizard's progress bar, and reports a failure on its page. */
final class WizardOperations {

    private WizardOperations() {
    }

    /**
     * Runs {@code operation} in the page's wizard container (forked, so the dialog stays responsive).
     *
     * @return whether it completed; on failure the page shows {@code failureMessage} and the cause,
     *         the error log gets the stack trace, and the wizard stays open for the user to fix things
     */
    static boolean run(WizardPage page, boolean cancelable, IRunnableWithProgress operation, String failureMessage) {
        try {
            page.getWizard().getContainer().run(true, cancelable, operation);
            return true;
        } catch (InterruptedException e) {
            return false;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            page.setErrorMessage(NLS.bind(Messages.Wizard_failed, failureMessage, cause.getMessage()));
            StatusManager.getManager().handle(Status.error(failureMessage, cause), StatusManager.LOG);
            return false;
        }
    }
}
