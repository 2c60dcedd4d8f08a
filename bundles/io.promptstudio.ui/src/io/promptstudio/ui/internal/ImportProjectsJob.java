package io.promptstudio.ui.internal;

import io.promptstudio.core.PromptProject;
import io.promptstudio.core.PromptWorkspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;

/**
 * Opens, as workspace projects, the project folders that sit in the workspace folder but that the
 * workbench does not know yet: made by {@code promptstudio init}, copied in, or cloned with git.
 */
public class ImportProjectsJob extends WorkspaceJob {

    public ImportProjectsJob() {
        super(Messages.Import_job);
        setRule(ResourcesPlugin.getWorkspace().getRoot());
    }

    @Override
    public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        List<PromptProject> unknown = new ArrayList<>();
        try {
            for (PromptProject project : new PromptWorkspace(workspace.getRoot().getLocation().toPath()).projects()) {
                if (!workspace.getRoot().getProject(project.name()).exists()) {
                    unknown.add(project);
                }
            }
        } catch (IOException e) {
            return Status.error(Messages.Import_failed, e);
        }
        SubMonitor progress = SubMonitor.convert(monitor, unknown.size());
        MultiStatus result = new MultiStatus(getClass(), 0, Messages.Import_failed);
        for (PromptProject found : unknown) {
            IProject project = workspace.getRoot().getProject(found.name());
            try {
                IProjectDescription description = workspace.loadProjectDescription(
                        IPath.fromPath(found.directory().resolve(PromptProject.DESCRIPTOR)));
                description.setName(found.name());
                description.setLocation(null);
                project.create(description, progress.split(1));
                project.open(progress.split(0));
            } catch (CoreException e) {
                // One broken descriptor must not keep the other projects out.
                result.add(Status.error(Messages.bind(Messages.Import_projectFailed, found.directory()), e));
            }
        }
        return result.isOK() ? Status.OK_STATUS : result;
    }
}
