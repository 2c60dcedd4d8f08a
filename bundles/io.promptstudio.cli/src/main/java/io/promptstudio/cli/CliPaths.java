package io.promptstudio.cli;

import io.promptstudio.core.PromptFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How the CLI finds prompt files and shows paths: relative to the current folder when inside it, as a user would type them. */
final class CliPaths {

    private CliPaths() {
    }

    static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    /**
     * The prompt files of the given files and folders (the current folder when none is given): a file as given
     * (whatever its extension); in folders, the prompt files, skipping hidden folders and build output.
     *
     * @throws NoSuchFileException with the path as shown to the user, when a given path does not exist
     */
    static Set<Path> promptFiles(List<Path> roots) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path root : roots.isEmpty() ? List.of(Path.of("")) : roots) {
            if (!Files.exists(root)) {
                throw new NoSuchFileException(shown(root));
            }
            collect(root, files);
        }
        return files;
    }

    private static void collect(Path root, Set<Path> files) throws IOException {
        if (Files.isRegularFile(root)) {
            files.add(root.toAbsolutePath().normalize());
            return;
        }
        List<Path> found = new ArrayList<>();
        Set<Path> seen = new java.util.HashSet<>();
        // Linked folders are followed, as a user who made the link expects; a link back up the tree is skipped.
        Files.walkFileTree(root, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return !dir.equals(root) && (name.startsWith(".") || name.equals("target")) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (PromptFile.isPromptFile(file) && seen.add(realPath(file))) {
                    found.add(file.toAbsolutePath().normalize());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof java.nio.file.FileSystemLoopException) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                throw e;
            }
        });
        found.sort(null);
        files.addAll(found);
    }

    /** The file the path leads to through any links; a broken link stays as it is (loading it reports it). */
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** Prints the text, or writes it to a new file (never over an existing one); returns the exit code. */
    static int writeOrPrint(String text, Path output, picocli.CommandLine.Model.CommandSpec spec, String command) throws IOException {
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Files.writeString(output, text, java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            spec.commandLine().getErr().println("promptstudio " + command + ": " + shown(output) + " already exists; nothing was written");
            return PromptStudioCli.EXIT_USAGE;
        }
        spec.commandLine().getErr().println("wrote " + shown(output));
        return 0;
    }

    /**
     * The prompt files of the paths, loaded as one workspace.
     *
     * @throws CommandFailure with exit code 2 when a path does not exist
     */
    static io.promptstudio.dsl.LanguageWorkspace load(List<Path> paths, String command) throws IOException {
        try {
            return io.promptstudio.dsl.LanguageWorkspace.load(List.copyOf(promptFiles(paths)));
        } catch (NoSuchFileException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage() + " does not exist");
        }
    }

    /**
     * The workspace, when it checks without errors: what commands that work on the checked model need.
     *
     * @throws CommandFailure with exit code 1 after printing every error, and 2 when a path does not exist
     */
    static io.promptstudio.dsl.LanguageWorkspace loadWithoutErrors(List<Path> paths, String command, java.io.PrintWriter err)
            throws IOException {
        io.promptstudio.dsl.LanguageWorkspace workspace = load(paths, command);
        List<io.promptstudio.core.services.Diagnostic> errors = new io.promptstudio.dsl.check.LanguageChecker().check(workspace).stream()
                .filter(d -> d.severity() == io.promptstudio.core.services.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            errors.forEach(d -> err.println(d.format(shown(d.file()))));
            throw new CommandFailure(1, "promptstudio " + command + ": fix the " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                    + " above first");
        }
        return workspace;
    }

    /**
     * Whether a person is at a terminal: then long commands show a progress line. Java 22 added
     * {@code Console.isTerminal()} (and a console for redirected streams); on 21 a console means a terminal.
     */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
