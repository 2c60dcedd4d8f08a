package io.promptstudio.ui.internal;

import io.promptstudio.core.Names;
import io.promptstudio.core.PromptProject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.dialogs.WizardNewProjectCreationPage;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/** Creates a PromptStudio project: the prompt nature and a {@code prompts} folder. */
public class NewPromptProjectWizard extends Wizard implements INewWizard {

    public static final String ID = "io.promptstudio.ui.newProject";

    private WizardNewProjectCreationPage page;
    private IWorkbench workbench;
    private IProject created;

    public NewPromptProjectWizard() {
        setWindowTitle(Messages.NewProject_title);
        setNeedsProgressMonitor(true);
    }

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
    }

    @Override
    public void addPages() {
        page = new WizardNewProjectCreationPage("promptProject") {
            @Override
            protected boolean validatePage() {
                if (!super.validatePage()) {
                    return false;
                }
                // The platform's rules plus ours, so that the CLI and the workbench accept the same names.
                var problem = Names.checkProjectName(getProjectName());
                problem.ifPresent(this::setErrorMessage);
                return problem.isEmpty();
            }
        };
        page.setTitle(Messages.NewProject_title);
        page.setDescription(Messages.NewProject_description);
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IProject project = page.getProjectHandle();
        URI location = page.useDefaults() ? null : page.getLocationURI();
        WorkspaceModifyOperation operation = new WorkspaceModifyOperation() {
            @Override
            protected void execute(IProgressMonitor monitor) throws CoreException {
                SubMonitor progress = SubMonitor.convert(monitor, 4);
                IProjectDescription description = workspace.newProjectDescription(project.getName());
                description.setLocationURI(location);
                description.setNatureIds(new String[] { PromptProject.NATURE_ID });
                project.create(description, progress.split(1));
                project.open(progress.split(1));
                // Prompt files are UTF-8 everywhere (core reads them strictly as UTF-8), whatever the OS default.
                project.setDefaultCharset(StandardCharsets.UTF_8.name(), progress.split(1));
                project.getFolder(PromptProject.PROMPTS_FOLDER).create(false, true, progress.split(1));
            }
        };
        if (!WizardOperations.run(page, true, operation, Messages.bind(Messages.NewProject_failed, project.getName()))) {
            return false;
        }
        created = project;
        if (workbench != null && workbench.getActiveWorkbenchWindow() != null) {
            BasicNewResourceWizard.selectAndReveal(project, workbench.getActiveWorkbenchWindow());
        }
        return true;
    }

    /** The project the wizard created, once it finished. */
    public IProject getCreatedProject() {
        return created;
    }
}
