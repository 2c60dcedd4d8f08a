package io.promptstudio.ui.internal;

import io.promptstudio.core.PromptFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.statushandlers.StatusManager;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/** Creates a prompt file with a starter prompt named after it, then opens it in the prompt editor. */
public class NewPromptFileWizard extends Wizard implements INewWizard {

    public static final String ID = "io.promptstudio.ui.newPromptFile";

    private IWorkbench workbench;
    private IStructuredSelection selection;
    private NewPromptFilePage page;

    public NewPromptFileWizard() {
        setWindowTitle(Messages.NewFile_title);
        setNeedsProgressMonitor(true);
    }

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        this.selection = selection;
    }

    @Override
    public void addPages() {
        page = new NewPromptFilePage(selection);
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        IFile file = page.targetFile();
        String content = PromptFile.initialContent(PromptFile.promptNameFor(file.getName()));
        WorkspaceModifyOperation operation = new WorkspaceModifyOperation(file.getParent()) {
            @Override
            protected void execute(IProgressMonitor monitor) throws CoreException {
                SubMonitor progress = SubMonitor.convert(monitor, Messages.bind(Messages.NewFile_creating, file.getName()), 1);
                // Never overwrite: force=false makes an existing file an error, not a silent loss.
                file.create(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), false, progress.split(1));
            }
        };
        if (!WizardOperations.run(page, false, operation, Messages.NewFile_failed)) {
            return false;
        }
        if (workbench != null && workbench.getActiveWorkbenchWindow() != null) {
            BasicNewResourceWizard.selectAndReveal(file, workbench.getActiveWorkbenchWindow());
            IWorkbenchPage activePage = workbench.getActiveWorkbenchWindow().getActivePage();
            try {
                IDE.openEditor(activePage, file, io.promptstudio.ui.PromptEditor.ID, true);
            } catch (PartInitException e) {
                StatusManager.getManager().handle(e.getStatus(), StatusManager.SHOW | StatusManager.LOG);
            }
        }
        return true;
    }
}
