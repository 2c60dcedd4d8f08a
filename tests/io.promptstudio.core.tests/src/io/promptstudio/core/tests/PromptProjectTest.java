package io.promptstudio.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import io.promptstudio.tests.support.PromptFixtures;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptProjectTest {

    @TempDir
    Path workspace;

    @Test
    void createWritesADescriptorWithThePromptNatureAndAPromptsFolder() throws IOException {
        PromptProject project = PromptProject.create(workspace, "support & sales");

        assertTrue(PromptProject.isProject(project.directory()));
        assertTrue(Files.isDirectory(project.directory().resolve("prompts")));
        String descriptor = Files.readString(project.directory().resolve(".project"));
        assertTrue(descriptor.contains("<name>support &amp; sales</name>"), descriptor);
        assertTrue(descriptor.contains("<nature>" + PromptProject.NATURE_ID + "</nature>"), descriptor);
        assertTrue(Files.readString(project.directory().resolve(PromptProject.ENCODING_SETTINGS))
                .contains("encoding/<project>=UTF-8"), "prompt files are UTF-8 for the workbench too");
        try (Stream<Path> leftovers = Files.list(project.directory())) {
            assertEquals(List.of(".project", ".settings", "prompts"), leftovers.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left behind");
        }
    }

    @Test
    void createNeverTouchesAnExistingFolder() throws IOException {
        Path existing = PromptFixtures.write(workspace, "taken/notes.md", "keep me");

        assertThrows(FileAlreadyExistsException.class, () -> PromptProject.create(workspace, "taken"));
        assertEquals("keep me", Files.readString(existing));
        assertFalse(PromptProject.isProject(workspace.resolve("taken")));
    }

    @Test
    void createRejectsInvalidNamesBeforeTouchingTheDisk() {
        IllegalArgumentException dotted = assertThrows(IllegalArgumentException.class,
                () -> PromptProject.create(workspace, "../escape"));
        assertEquals("Project name '../escape' must not start with '.'", dotted.getMessage());
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> PromptProject.create(workspace, "x/../../escape"));
        assertEquals("Project name 'x/../../escape' must not contain '/' (position 2)", nested.getMessage());
        assertFalse(Files.exists(workspace.resolve("../escape")));
        assertFalse(Files.exists(workspace.resolve("x")));
    }

    @Test
    void openRefusesAFolderWithoutDescriptor() throws IOException {
        Path plain = Files.createDirectories(workspace.resolve("plain"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PromptProject.open(plain));
        assertTrue(error.getMessage().contains("has no .project file"), error.getMessage());
    }

    @Test
    void promptFilesAreFoundInSubFoldersSortedAndSkipHiddenAndBuildOutput() throws IOException {
        PromptProject project = PromptFixtures.project(workspace, "bots");
        PromptFixtures.write(project.directory(), "prompts/zeta.pstudio", "");
        PromptFixtures.write(project.directory(), "prompts/alpha.pstudio", "");
        PromptFixtures.write(project.directory(), "deep/er/Mid.PSTUDIO", "");
        PromptFixtures.write(project.directory(), "prompts/readme.md", "");
        PromptFixtures.write(project.directory(), ".history/old.pstudio", "");
        PromptFixtures.write(project.directory(), "target/copy.pstudio", "");
        Files.createDirectories(project.directory().resolve("prompts/folder.pstudio"));

        List<String> found = project.promptFiles().stream().map(f -> f.relativePath().toString()).toList();

        assertEquals(List.of("deep/er/Mid.PSTUDIO", "prompts/alpha.pstudio", "prompts/zeta.pstudio"), found);
    }

    @Test
    void createPromptFileWritesAStarterPromptNamedAfterTheFile() throws IOException {
        PromptProject project = PromptFixtures.project(workspace, "bots");

        PromptFile file = project.createPromptFile("prompts", "classify-ticket");

        assertEquals(Path.of("prompts/classify-ticket.pstudio"), file.relativePath());
        assertEquals("ClassifyTicket", file.promptName());
        String text = file.read();
        assertTrue(text.contains("prompt ClassifyTicket(text: string) -> string {"), text);
        assertEquals(PromptFile.initialContent("ClassifyTicket"), text);
    }

    @Test
    void createPromptFileNeverOverwrites() throws IOException {
        PromptProject project = PromptFixtures.project(workspace, "bots");
        Path existing = PromptFixtures.write(project.directory(), "prompts/mine.pstudio", "my work");

        assertThrows(FileAlreadyExistsException.class, () -> project.createPromptFile("prompts", "mine.pstudio"));
        assertEquals("my work", Files.readString(existing));
    }

    @Test
    void createPromptFileRefusesFoldersOutsideTheProject() throws IOException {
        PromptProject project = PromptFixtures.project(workspace, "bots");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> project.createPromptFile("../elsewhere", "sneaky"));
        assertTrue(error.getMessage().contains("lies outside project 'bots'"), error.getMessage());
        assertFalse(Files.exists(workspace.resolve("elsewhere")));
    }

    @Test
    void readReportsInvalidUtf8WithFileAndOffsetInsteadOfGuessing() throws IOException {
        PromptProject project = PromptFixtures.project(workspace, "bots");
        PromptFixtures.writeBytes(project.directory(), "prompts/broken.pstudio",
                new byte[] { 'o', 'k', ' ', (byte) 0xC3, (byte) 0x28, '!' });
        PromptFile file = project.promptFiles().get(0);

        IOException error = assertThrows(IOException.class, file::read);
        assertTrue(error.getMessage().endsWith("broken.pstudio: not valid UTF-8 at byte 3"), error.getMessage());
    }
}
