package io.promptstudio.ui;

import io.promptstudio.core.PromptFile;
import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.ui.internal.Messages;
import io.promptstudio.ui.internal.language.ProblemMarkers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

/**
 * The workbench's one {@link LanguageSession}: every prompt file of the open projects, kept in step with the disk
 * (files added, changed, deleted outside an editor) and with the editors' buffers. Checks the whole workspace once
 * when first used, so that the Problems view lists every file's findings, not only those of open editors.
 */
public final class LanguageService {

    private volatile LanguageSession session;
    private final Set<Path> buffers = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final IResourceChangeListener resourceListener = this::resourcesChanged;

    private final List<java.util.function.Consumer<PromptEditor>> closingEditors = new CopyOnWriteArrayList<>();

    /** Made once, by the workbench advisor, which puts it in the workbench's context for parts and handlers. */
    public LanguageService() {
    }

    /**
     * Tells {@code listener} of every prompt editor about to close, before it lets go of its document: how
     * co-editing stops an editor's session without the editor knowing of co-editing.
     */
    public void onEditorClosing(java.util.function.Consumer<PromptEditor> listener) {
        closingEditors.add(listener);
    }

    void editorClosing(PromptEditor editor) {
        closingEditors.forEach(listener -> listener.accept(editor));
    }

    /** The session, loading the workspace's prompt files the first time (about a second: the language's injector). */
    public LanguageSession session() {
        LanguageSession current = session;
        if (current == null) {
            synchronized (this) {
                current = session;
                if (current == null) {
                    current = LanguageSession.open(workspaceFiles());
                    session = current;
                    ResourcesPlugin.getWorkspace().addResourceChangeListener(resourceListener, IResourceChangeEvent.POST_CHANGE);
                }
            }
        }
        return current;
    }

    /** Loads the session and puts every file's findings in the Problems view, as background jobs with progress. */
    public void startInBackground() {
        Job job = Job.create(Messages.Language_loadJob, (IProgressMonitor monitor) -> {
            resync(session());
            recheckAll.schedule();
            listeners.forEach(Runnable::run);
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    /**
     * Makes the session hold exactly the prompt files on disk in the open projects (editors' buffers aside), and
     * checks the files it took in: what a project added, opened or closed changes.
     */
    private void resync(LanguageSession current) {
        java.util.Set<Path> onDisk = new java.util.HashSet<>(workspaceFiles());
        java.util.Set<Path> held = current.files();
        boolean changed = false;
        for (Path path : onDisk) {
            if (!held.contains(path)) {
                current.reload(path);
                changed = true;
            }
        }
        for (Path path : held) {
            if (!onDisk.contains(path) && !buffers.contains(path)) {
                current.remove(path);
                changed = true;
            }
        }
        if (changed) {
            recheckAll.schedule(RECHECK_DELAY_MS);
            changed();
        }
    }

    /**
     * Checks every file again and updates its markers: a change to one file can change the findings of the files
     * that use its names, so all are checked (in milliseconds each), once the changes have settled.
     */
    private final Job recheckAll = Job.create(Messages.Language_checkJob, monitor -> {
        LanguageSession current = session;
        if (current == null) {
            return Status.OK_STATUS;
        }
        List<Path> files = new ArrayList<>(current.files());
        SubMonitor progress = SubMonitor.convert(monitor, Messages.Language_checkJob, files.size());
        for (Path path : files) {
            if (progress.isCanceled()) {
                return Status.CANCEL_STATUS;
            }
            IFile file = fileFor(path);
            if (file != null && file.exists()) {
                ProblemMarkers.update(file, current.findings(path));
            }
            progress.worked(1);
        }
        return Status.OK_STATUS;
    });

    private static final long RECHECK_DELAY_MS = 200;

    /** An editor holds this file: its buffer, not the disk, is the file's text until it closes. */
    void opened(Path file) {
        buffers.add(file);
    }

    public boolean isBuffer(Path file) {
        return file != null && buffers.contains(file);
    }

    /** The editor closed: the file's text is the disk's again (unsaved changes are gone). */
    void closed(Path file) {
        buffers.remove(file);
        if (session != null && file.toFile().isFile()) {
            session.reload(file);
        }
    }

    /** Told when the set of prompts may have changed (a file saved, added or deleted). */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    void changed() {
        listeners.forEach(Runnable::run);
    }

    public static Path pathOf(IFile file) {
        IPath location = file.getLocation();
        return location == null ? null : location.toPath().toAbsolutePath().normalize();
    }

    public static IFile fileFor(Path path) {
        IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(path.toUri());
        return files.length == 0 ? null : files[0];
    }

    /** The prompt files of the open projects as they are on disk (the resource tree may not have been refreshed yet). */
    private static List<Path> workspaceFiles() {
        List<Path> files = new ArrayList<>();
        for (org.eclipse.core.resources.IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            IPath location = project.getLocation();
            if (!project.isOpen() || location == null) {
                continue;
            }
            try {
                new io.promptstudio.core.PromptProject(project.getName(), location.toPath()).promptFiles()
                        .forEach(file -> files.add(file.path().toAbsolutePath().normalize()));
            } catch (java.io.IOException e) {
                PromptStudioLog.log(error("The prompt files of project " + project.getName() + " cannot be read", e));
            }
        }
        return files;
    }

    static boolean isPromptFile(IFile file) {
        return PromptFile.EXTENSION.equalsIgnoreCase(file.getFileExtension());
    }

    private void resourcesChanged(IResourceChangeEvent event) {
        LanguageSession current = session;
        if (current == null || event.getDelta() == null) {
            return;
        }
        List<IFile> recheck = new ArrayList<>();
        boolean[] any = {false};
        boolean[] projectsChanged = {false};
        try {
            event.getDelta().accept(delta -> {
                // a project added, opened, closed or removed is reported without its files: compare with the disk
                if (delta.getResource() instanceof org.eclipse.core.resources.IProject
                        && (delta.getKind() != IResourceDelta.CHANGED || (delta.getFlags() & IResourceDelta.OPEN) != 0)) {
                    projectsChanged[0] = true;
                    return false;
                }
                if (delta.getResource() instanceof IFile file && isPromptFile(file)) {
                    Path path = pathOf(file);
                    if (path == null) {
                        return false;
                    }
                    any[0] = true;
                    switch (delta.getKind()) {
                        case IResourceDelta.REMOVED -> current.remove(path);
                        case IResourceDelta.ADDED -> {
                            current.reload(path);
                            recheck.add(file);
                        }
                        default -> {
                            if ((delta.getFlags() & IResourceDelta.CONTENT) != 0) {
                                // a saved editor's text is in the session already; the files using it are checked again
                                if (!buffers.contains(path)) {
                                    current.reload(path);
                                }
                                recheck.add(file);
                            }
                        }
                    }
                }
                return true;
            });
        } catch (CoreException e) {
            PromptStudioLog.log(e.getStatus());
        }
        if (projectsChanged[0]) {
            Job.create(Messages.Language_resyncJob, monitor -> {
                resync(current);
                return Status.OK_STATUS;
            }).schedule();
        }
        if (any[0]) {
            if (!recheck.isEmpty()) {
                recheckAll.schedule(RECHECK_DELAY_MS);
            }
            changed();
        }
    }

    public static IStatus error(String message, Throwable cause) {
        return Status.error(message, cause);
    }
}
