package io.promptstudio.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A workspace: a folder whose sub-folders are prompt projects. The workbench's {@code -data}
 * folder and a CLI user's checkout are both workspaces.
 *
 * @param root the workspace folder
 */
public record PromptWorkspace(Path root) {

    /** The projects directly under the root, by name. Folders without a descriptor are not projects. */
    public List<PromptProject> projects() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "workspace folder does not exist");
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .filter(PromptProject::isProject)
                    .map(PromptProject::open)
                    .sorted(Comparator.comparing(PromptProject::name))
                    .toList();
        }
    }

    /** The project of that name, if the workspace has it. */
    public Optional<PromptProject> project(String name) {
        if (Names.checkProjectName(name).isPresent()) {
            return Optional.empty();
        }
        Path directory = root.resolve(name);
        return PromptProject.isProject(directory) ? Optional.of(PromptProject.open(directory)) : Optional.empty();
    }

    /** Creates a new project in the workspace. */
    public PromptProject createProject(String name) throws IOException {
        Files.createDirectories(root);
        return PromptProject.create(root, name);
    }

    /** Every prompt file of every project, by project then path. */
    public List<PromptFile> promptFiles() throws IOException {
        List<PromptFile> files = new ArrayList<>();
        for (PromptProject project : projects()) {
            files.addAll(project.promptFiles());
        }
        return files;
    }
}
