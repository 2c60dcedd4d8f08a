package io.promptstudio.ui.internal;

import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

/**
 * What the Prompt Library shows: the prompt files of every open project, found by the core model
 * on disk. Built off the UI thread; a project that cannot be read is reported, not hidden.
 */
record PromptLibrary(Map<PromptProject, List<PromptFile>> filesByProject, List<IStatus> problems) {

    static final PromptLibrary EMPTY = new PromptLibrary(Map.of(), List.of());

    static PromptLibrary scan(IWorkspaceRoot root) {
        Map<PromptProject, List<PromptFile>> files = new LinkedHashMap<>();
        List<IStatus> problems = new ArrayList<>();
        for (IProject project : root.getProjects()) {
            IPath location = project.getLocation();
            if (!project.isOpen() || location == null) {
                continue;
            }
            PromptProject promptProject = new PromptProject(project.getName(), location.toPath());
            try {
                List<PromptFile> promptFiles = promptProject.promptFiles();
                if (!promptFiles.isEmpty() || isPromptProject(project)) {
                    files.put(promptProject, promptFiles);
                }
            } catch (IOException e) {
                problems.add(Status.error(Messages.bind(Messages.Library_scanFailed, project.getName()), e));
            }
        }
        return new PromptLibrary(files, problems);
    }

    private static boolean isPromptProject(IProject project) {
        try {
            return project.hasNature(PromptProject.NATURE_ID);
        } catch (org.eclipse.core.runtime.CoreException e) {
            return false;
        }
    }

    boolean isEmpty() {
        return filesByProject.values().stream().allMatch(List::isEmpty);
    }
}
