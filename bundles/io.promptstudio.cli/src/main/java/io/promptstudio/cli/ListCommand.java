package io.promptstudio.cli;

import io.promptstudio.core.PromptFile;
import io.promptstudio.core.PromptProject;
import io.promptstudio.core.PromptWorkspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists the prompt files of a workspace (all its projects) or of one project folder. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the prompt files of a workspace or project folder, one per line as project:path.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "A workspace or project folder (default: the current folder).")
    Path directory = Path.of("");

    @Override
    public Integer call() throws IOException {
        Path folder = directory.toAbsolutePath().normalize();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(folder)) {
            err.println("promptstudio list: " + folder + " is not a folder");
            return PromptStudioCli.EXIT_USAGE;
        }
        List<PromptFile> files = PromptProject.isProject(folder)
                ? PromptProject.open(folder).promptFiles()
                : new PromptWorkspace(folder).promptFiles();
        PrintWriter out = spec.commandLine().getOut();
        for (PromptFile file : files) {
            out.println(file.projectName() + ":" + file.relativePath());
        }
        out.flush();
        return 0;
    }
}
