package io.promptstudio.ui.collab.internal;

import io.promptstudio.ui.HandlerServices;
import java.io.IOException;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;

/** "Share Project with Team": the selected project's prompt files follow the shared file list (again to stop). */
public final class ShareProjectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IProject project = null;
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection) {
            IResource resource = Adapters.adapt(selection.getFirstElement(), IResource.class);
            project = resource == null ? null : resource.getProject();
        }
        if (project == null) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), Messages.ShareProject_title, Messages.ShareProject_noProject);
            return null;
        }
        Collaboration collaboration = HandlerServices.get(event, Collaboration.class);
        try {
            if (collaboration.shared(project).isPresent()) {
                collaboration.unshare(project);
            } else {
                collaboration.share(project);
            }
        } catch (IOException | RuntimeException e) {
            MessageDialog.openError(HandlerUtil.getActiveShell(event), Messages.ShareProject_title,
                    NLS.bind(Messages.ShareProject_failed, project.getName(), e.getMessage()));
        }
        return null;
    }
}
