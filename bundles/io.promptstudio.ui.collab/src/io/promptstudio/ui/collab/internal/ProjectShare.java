package io.promptstudio.ui.collab.internal;

import io.promptstudio.collab.CollabClient;
import io.promptstudio.collab.SharedDocument;
import io.promptstudio.collab.SharedProject;
import io.promptstudio.ui.PromptStudioLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;

/**
 * A project shared with the team: its prompt files' list is the project's {@link SharedProject}. Files created,
 * renamed or deleted here change the list; files the others add are fetched from their shared documents and
 * created here, files they delete are deleted here (into local history, so Restore from Local History brings
 * them back). Each file's text is co-edited as usual when it is open.
 */
public final class ProjectShare implements IResourceChangeListener {

    private final IProject project;
    private final SharedDocument index;
    private final SharedProject files;
    private final CollabClient client;
    private final Display display;
    private boolean reconciled;
    /** Paths this side is creating or deleting because of the list, whose resource events must not echo back. */
    private final Set<String> following = new TreeSet<>();

    ProjectShare(IProject project, CollabClient client, Display display) throws IOException {
        this.project = project;
        this.client = client;
        this.display = display;
        this.index = client.open(indexName(project), display::asyncExec);
        this.files = new SharedProject(index, CollabSettings.user(), java.time.Clock.systemUTC());
        files.onChange(this::listChanged);
        index.addListener(new SharedDocument.Listener() {
            @Override
            public void syncChanged(boolean synced) {
                if (synced && !reconciled) {
                    reconciled = true;
                    reconcile();
                }
            }
        });
        ResourcesPlugin.getWorkspace().addResourceChangeListener(this, IResourceChangeEvent.POST_CHANGE);
    }

    public static String indexName(IProject project) {
        return CollabSettings.workspace() + "/" + Collaboration.segment(project.getName()) + "/" + SharedProject.INDEX;
    }

    public SharedProject files() {
        return files;
    }

    /** After the first sync: local files the list lacks are added, listed files missing here are fetched. */
    private void reconcile() {
        Set<String> local = localFiles();
        Set<String> listed = files.files();
        for (String path : local) {
            if (!listed.contains(path)) {
                files.add(path);
            }
        }
        for (String path : listed) {
            if (!local.contains(path)) {
                fetch(path);
            }
        }
    }

    private Set<String> localFiles() {
        Set<String> paths = new TreeSet<>();
        try {
            project.accept(resource -> {
                if (resource instanceof IFile file && "pstudio".equals(file.getFileExtension())) {
                    paths.add(file.getProjectRelativePath().toString());
                }
                return !resource.getName().startsWith(".");
            });
        } catch (CoreException e) {
            PromptStudioLog.log(Status.error("cannot list the files of " + project.getName(), e));
        }
        return paths;
    }

    private void listChanged(Set<String> added, Set<String> removed) {
        if (!reconciled) {
            return;
        }
        for (String path : added) {
            if (!project.getFile(path).exists()) {
                fetch(path);
            }
        }
        for (String path : removed) {
            IFile file = project.getFile(path);
            if (file.exists()) {
                delete(file, path);
            }
        }
    }

    /** Creates a file the others added, with the text of its shared document. */
    private void fetch(String path) {
        IFile file = project.getFile(path);
        String name = Collaboration.documentName(file);
        SharedDocument document;
        try {
            document = client.open(name, display::asyncExec);
        } catch (IOException | IllegalStateException e) {
            PromptStudioLog.log(Status.error("cannot fetch " + path + " of the shared project", e));
            return;
        }
        Runnable create = () -> {
            try {
                String text = document.text();
                document.close();
                synchronized (following) {
                    following.add(path);
                }
                Job.create(NLS.bind(Messages.ProjectShare_createJob, path), monitor -> {
                    try {
                        createFolders(file.getParent().getProjectRelativePath());
                        if (!file.exists()) {
                            file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, monitor);
                        }
                        return Status.OK_STATUS;
                    } catch (CoreException e) {
                        return Status.error(NLS.bind(Messages.ProjectShare_createFailed, path, e.getMessage()), e);
                    }
                }).schedule();
            } catch (IOException e) {
                PromptStudioLog.log(Status.error("cannot fetch " + path, e));
            }
        };
        if (document.isSynced()) {
            create.run();
        } else {
            document.addListener(new SharedDocument.Listener() {
                private boolean done;

                @Override
                public void syncChanged(boolean synced) {
                    if (synced && !done) {
                        done = true;
                        create.run();
                    }
                }
            });
        }
    }

    private void createFolders(IPath folder) throws CoreException {
        if (folder.isEmpty() || project.getFolder(folder).exists()) {
            return;
        }
        createFolders(folder.removeLastSegments(1));
        project.getFolder(folder).create(true, true, null);
    }

    private void delete(IFile file, String path) {
        synchronized (following) {
            following.add(path);
        }
        Job.create(NLS.bind(Messages.ProjectShare_deleteJob, path), monitor -> {
            try {
                file.delete(true, true, monitor);
                return Status.OK_STATUS;
            } catch (CoreException e) {
                return Status.error(NLS.bind(Messages.ProjectShare_deleteFailed, path, e.getMessage()), e);
            }
        }).schedule();
    }

    /** Local creations, renames and deletions of prompt files change the list (on the display thread). */
    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        IResourceDelta delta = event.getDelta() == null ? null : event.getDelta().findMember(project.getFullPath());
        if (delta == null) {
            return;
        }
        List<String[]> changes = new ArrayList<>();
        try {
            delta.accept(child -> {
                if (child.getResource() instanceof IFile file && "pstudio".equals(file.getFileExtension())) {
                    String path = file.getProjectRelativePath().toString();
                    boolean ours;
                    synchronized (following) {
                        ours = following.remove(path);
                    }
                    if (ours) {
                        return true;
                    }
                    if (child.getKind() == IResourceDelta.ADDED) {
                        IPath from = (child.getFlags() & IResourceDelta.MOVED_FROM) != 0 ? child.getMovedFromPath() : null;
                        changes.add(from != null && from.segment(0).equals(project.getName())
                                ? new String[] {"rename", from.removeFirstSegments(1).toString(), path} : new String[] {"add", path});
                    } else if (child.getKind() == IResourceDelta.REMOVED && (child.getFlags() & IResourceDelta.MOVED_TO) == 0) {
                        changes.add(new String[] {"remove", path});
                    }
                }
                return true;
            });
        } catch (CoreException e) {
            PromptStudioLog.log(Status.error("cannot read the changes of " + project.getName(), e));
            return;
        }
        if (!changes.isEmpty()) {
            display.asyncExec(() -> changes.forEach(change -> {
                switch (change[0]) {
                    case "add" -> files.add(change[1]);
                    case "rename" -> files.rename(change[1], change[2]);
                    default -> files.remove(change[1]);
                }
            }));
        }
    }

    void close() throws IOException {
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(this);
        index.close();
    }

    public boolean isReconciled() {
        return reconciled;
    }
}
