package io.promptstudio.tests.support;

import io.promptstudio.core.PromptProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds workspaces, projects and prompt files on disk for tests, the way a user's would look. */
public final class PromptFixtures {

    private PromptFixtures() {
    }

    /** A project folder with its descriptor, made by the same code the CLI and the workbench use. */
    public static PromptProject project(Path workspace, String name) throws IOException {
        Files.createDirectories(workspace);
        return PromptProject.create(workspace, name);
    }

    /** Writes a file with the given text (UTF-8) under {@code folder}, creating parent folders. */
    public static Path write(Path folder, String relativePath, String text) throws IOException {
        Path file = folder.resolve(relativePath);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Writes raw bytes, for tests that feed files which are not valid text. */
    public static Path writeBytes(Path folder, String relativePath, byte[] bytes) throws IOException {
        Path file = folder.resolve(relativePath);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }
}
