package io.promptstudio.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A prompt project: a folder with a project descriptor, holding prompt files in any sub-folder.
 * The descriptor is Eclipse's {@code .project} file, so the workbench and the CLI see the same projects.
 *
 * @param name      the project's name (its folder's name)
 * @param directory the project's folder
 */
public record PromptProject(String name, Path directory) {

    /** The descriptor file that marks a folder as a project. */
    public static final String DESCRIPTOR = ".project";

    /** The project nature that marks a PromptStudio project; the workbench bundle contributes it. */
    public static final String NATURE_ID = "io.promptstudio.ui.promptNature";

    /**
     * Where Eclipse keeps a project's encoding. Core writes it too, so that a project made by the CLI
     * opens in the workbench as UTF-8 without an "encoding not set" warning.
     */
    public static final String ENCODING_SETTINGS = ".settings/org.eclipse.core.resources.prefs";

    /** The folder a new project keeps its prompt files in. */
    public static final String PROMPTS_FOLDER = "prompts";

    /** Whether a folder is a project. */
    public static boolean isProject(Path directory) {
        return Files.isRegularFile(directory.resolve(DESCRIPTOR));
    }

    /** Opens an existing project folder. */
    public static PromptProject open(Path directory) {
        if (!isProject(directory)) {
            throw new IllegalArgumentException(directory + " is not a PromptStudio project: it has no " + DESCRIPTOR + " file");
        }
        return new PromptProject(directory.getFileName().toString(), directory);
    }

    /**
     * Creates a project folder under {@code parent}, with its descriptor and an empty prompts folder.
     * An existing folder of that name is never touched.
     */
    public static PromptProject create(Path parent, String name) throws IOException {
        Names.require(Names.checkProjectName(name));
        Path directory = parent.resolve(name);
        if (Files.exists(directory)) {
            throw new FileAlreadyExistsException(directory.toString(), null, "a file or folder of that name already exists");
        }
        Files.createDirectories(directory.resolve(PROMPTS_FOLDER));
        Files.createDirectories(directory.resolve(ENCODING_SETTINGS).getParent());
        writeAtomically(directory.resolve(ENCODING_SETTINGS), "eclipse.preferences.version=1\nencoding/<project>=UTF-8\n");
        writeAtomically(directory.resolve(DESCRIPTOR), descriptor(name));
        return new PromptProject(name, directory);
    }

    /** All prompt files of the project, ordered by path; hidden folders and build output are skipped. */
    public List<PromptFile> promptFiles() throws IOException {
        List<PromptFile> files = new ArrayList<>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(directory)) {
                    return FileVisitResult.CONTINUE;
                }
                String folder = dir.getFileName().toString();
                return folder.startsWith(".") || folder.equals("target") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && PromptFile.isPromptFile(file)) {
                    files.add(new PromptFile(name, directory, directory.relativize(file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(file -> file.relativePath().toString()));
        return files;
    }

    /**
     * Creates a prompt file with a starter prompt named after the file.
     *
     * @param folder   a folder inside the project, relative to it ("" for the project's root)
     * @param fileName the file name; {@code .pstudio} is added when missing
     * @throws IllegalArgumentException when a name is invalid or the folder lies outside the project
     * @throws FileAlreadyExistsException when the file exists: it is never overwritten
     */
    public PromptFile createPromptFile(String folder, String fileName) throws IOException {
        Names.require(Names.checkPromptFileName(fileName));
        Path target = directory.resolve(folder).resolve(PromptFile.withExtension(fileName)).normalize();
        if (!target.startsWith(directory.normalize())) {
            throw new IllegalArgumentException("Folder '" + folder + "' lies outside project '" + name + "'");
        }
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a prompt file of that name already exists");
        }
        Files.createDirectories(target.getParent());
        PromptFile file = new PromptFile(name, directory, directory.normalize().relativize(target));
        writeAtomically(target, PromptFile.initialContent(file.promptName()));
        return file;
    }

    private static String descriptor(String projectName) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <projectDescription>
                \t<name>%s</name>
                \t<comment></comment>
                \t<projects>
                \t</projects>
                \t<buildSpec>
                \t</buildSpec>
                \t<natures>
                \t\t<nature>%s</nature>
                \t</natures>
                </projectDescription>
                """.formatted(escapeXml(projectName), NATURE_ID);
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Writes through a temporary file in the same folder, so a crash never leaves half a file. */
    static void writeAtomically(Path target, String content) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), ".new-", ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
