package io.promptstudio.cli;

import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import io.promptstudio.core.PromptWorkspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Creates a prompt project, optionally with starter prompt files; the workbench imports it on its next start. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a prompt project in a workspace folder, with optional starter prompt files.")
final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The project's name (its folder's name).")
    String name;

    @Option(names = { "-w", "--workspace" }, paramLabel = "DIR", description = "The workspace folder (default: the current folder).")
    Path workspace = Path.of("");

    @Option(names = { "-p", "--prompt" }, paramLabel = "FILE", description = "A prompt file to create in prompts/ (repeatable).")
    List<String> prompts = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PromptProject project;
        try {
            project = new PromptWorkspace(workspace.toAbsolutePath().normalize()).createProject(name);
        } catch (IllegalArgumentException | FileAlreadyExistsException e) {
            err.println("promptstudio init: " + describe(e));
            return PromptStudioCli.EXIT_USAGE;
        }
        out.println("created project " + project.name() + " in " + CliPaths.shown(project.directory()) + "/");
        for (String prompt : prompts) {
            try {
                PromptFile file = project.createPromptFile(PromptProject.PROMPTS_FOLDER, prompt);
                out.println("created " + file.relativePath() + " (prompt " + file.promptName() + ")");
            } catch (IllegalArgumentException | FileAlreadyExistsException e) {
                err.println("promptstudio init: " + describe(e));
                return PromptStudioCli.EXIT_USAGE;
            }
        }
        out.flush();
        return 0;
    }

    private static String describe(Exception e) {
        return e instanceof FileAlreadyExistsException exists ? exists.getFile() + ": " + exists.getReason() : e.getMessage();
    }
}
