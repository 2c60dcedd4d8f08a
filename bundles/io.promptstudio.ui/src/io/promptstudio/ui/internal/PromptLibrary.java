package io.promptstudio.ui.internal;

import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import io.promptstudio.dsl.ide.session.LanguageSession;
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
record PromptLibrary(Map<PromptProject, List<PromptFile>> filesByProject, Map<java.nio.file.Path, List<LanguageSession.PromptInfo>> promptsByFile,
        List<IStatus> problems) {

    static final PromptLibrary EMPTY = new PromptLibrary(Map.of(), Map.of(), List.of());

    /** The prompts a file declares, with their type signatures, from the language session. */
    List<LanguageSession.PromptInfo> prompts(PromptFile file) {
        return promptsByFile.getOrDefault(file.path().toAbsolutePath().normalize(), List.of());
    }

    static PromptLibrary scan(IWorkspaceRoot root, io.promptstudio.ui.LanguageService language) {
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
        Map<java.nio.file.Path, List<LanguageSession.PromptInfo>> prompts = new java.util.HashMap<>();
        for (LanguageSession.PromptInfo prompt : language.session().prompts()) {
            prompts.computeIfAbsent(prompt.file(), file -> new ArrayList<>()).add(prompt);
        }
        return new PromptLibrary(files, prompts, problems);
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
