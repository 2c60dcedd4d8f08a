package io.promptstudio.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.PromptProject;
import io.promptstudio.core.PromptWorkspace;
import io.promptstudio.tests.support.PromptFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptWorkspaceTest {

    @TempDir
    Path root;

    @Test
    void projectsAreTheFoldersWithADescriptorByName() throws IOException {
        PromptWorkspace workspace = new PromptWorkspace(root);
        workspace.createProject("zeta");
        workspace.createProject("alpha");
        Files.createDirectories(root.resolve("not-a-project"));
        Files.createDirectories(root.resolve(".metadata"));
        PromptFixtures.write(root, ".metadata/.project", "");

        assertEquals(List.of("alpha", "zeta"), workspace.projects().stream().map(PromptProject::name).toList());
    }

    @Test
    void projectLooksUpByNameAndIgnoresInvalidNames() throws IOException {
        PromptWorkspace workspace = new PromptWorkspace(root);
        workspace.createProject("bots");

        assertEquals(root.resolve("bots"), workspace.project("bots").orElseThrow().directory());
        assertTrue(workspace.project("missing").isEmpty());
        assertTrue(workspace.project("../bots").isEmpty());
    }

    @Test
    void promptFilesSpanAllProjects() throws IOException {
        PromptWorkspace workspace = new PromptWorkspace(root);
        workspace.createProject("b").createPromptFile("prompts", "two");
        workspace.createProject("a").createPromptFile("prompts", "one");

        assertEquals(List.of("a:prompts/one.pstudio", "b:prompts/two.pstudio"), workspace.promptFiles().stream()
                .map(file -> file.projectName() + ":" + file.relativePath()).toList());
    }

    @Test
    void aMissingWorkspaceFolderIsAnErrorNamingIt() {
        PromptWorkspace workspace = new PromptWorkspace(root.resolve("nowhere"));
        NoSuchFileException error = assertThrows(NoSuchFileException.class, workspace::projects);
        assertTrue(error.getMessage().contains("nowhere"), error.getMessage());
    }
}
