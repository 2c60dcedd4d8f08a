package io.promptstudio.ui.internal;

import io.promptstudio.core.PromptProject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.osgi.util.NLS;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The first start: a "Getting Started" project with the language's examples (copied into the bundle at build
 * time from {@code examples/}), made once per workspace; deleting it is respected.
 */
public final class GettingStarted extends WorkspaceJob {

    public static final String PROJECT = "Getting Started";
    static final String CREATED = "gettingStartedCreated";
    private static final String EXAMPLES = "getting-started";

    public GettingStarted() {
        super(Messages.GettingStarted_job);
        setRule(ResourcesPlugin.getWorkspace().getRoot());
    }

    /** Whether this workspace never had the project made (so that this is its first start). */
    public static boolean isFirstStart() {
        return !InstanceScope.INSTANCE.getNode(io.promptstudio.ui.WorkbenchSettings.NODE).getBoolean(CREATED, false);
    }

    @Override
    public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IProject project = workspace.getRoot().getProject(PROJECT);
        SubMonitor progress = SubMonitor.convert(monitor, 3);
        if (!project.exists()) {
            Path directory = workspace.getRoot().getLocation().toPath().resolve(PROJECT);
            try {
                PromptProject created = Files.isDirectory(directory) && PromptProject.isProject(directory) ? PromptProject.open(directory)
                        : PromptProject.create(workspace.getRoot().getLocation().toPath(), PROJECT);
                copyExamples(created.directory().resolve(PromptProject.PROMPTS_FOLDER));
            } catch (IOException e) {
                return Status.error(NLS.bind(Messages.GettingStarted_failed, directory, e.getMessage()), e);
            }
            progress.worked(1);
            IProjectDescription description = workspace.loadProjectDescription(IPath.fromPath(directory.resolve(PromptProject.DESCRIPTOR)));
            description.setName(PROJECT);
            description.setLocation(null);
            project.create(description, progress.split(1));
        }
        project.open(progress.split(1));
        project.refreshLocal(org.eclipse.core.resources.IResource.DEPTH_INFINITE, null);
        var preferences = InstanceScope.INSTANCE.getNode(io.promptstudio.ui.WorkbenchSettings.NODE);
        preferences.putBoolean(CREATED, true);
        try {
            preferences.flush();
        } catch (org.osgi.service.prefs.BackingStoreException e) {
            return Status.warning(NLS.bind(Messages.GettingStarted_notRemembered, e.getMessage()), e);
        }
        return Status.OK_STATUS;
    }

    private static void copyExamples(Path prompts) throws IOException {
        Files.createDirectories(prompts);
        Bundle bundle = FrameworkUtil.getBundle(GettingStarted.class);
        Enumeration<URL> entries = bundle.findEntries(EXAMPLES, "*.pstudio", false);
        if (entries == null) {
            throw new IOException(NLS.bind(Messages.GettingStarted_noExamples, EXAMPLES));
        }
        while (entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            String name = entry.getPath().substring(entry.getPath().lastIndexOf('/') + 1);
            Path target = prompts.resolve(name);
            if (!Files.exists(target)) {
                try (InputStream in = entry.openStream()) {
                    Files.copy(in, target);
                }
            }
        }
    }
}
