package io.promptstudio.cli;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.yaml.YamlException;
import io.promptstudio.dsl.yaml.YamlExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a prompt file in its YAML form, for YAML-based tooling; import-yaml reads it back exactly. */
@Command(name = "export-yaml", mixinStandardHelpOptions = true,
        description = "Print a prompt file in its YAML form (or write it with --output). import-yaml reads it back unchanged.")
final class ExportYamlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The prompt file.")
    Path file;

    @Option(names = { "-o", "--output" }, paramLabel = "FILE", description = "Write here instead of printing; never overwrites a file.")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("promptstudio export-yaml: " + CliPaths.shown(file) + " is not a file");
            return PromptStudioCli.EXIT_USAGE;
        }
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        if (!workspace.loadProblems().isEmpty()) {
            workspace.loadProblems().forEach(problem -> err.println(problem.format(CliPaths.shown(problem.file()))));
            return 1;
        }
        String yaml;
        try {
            yaml = YamlExport.export(workspace.resources().values().iterator().next(), CliPaths.shown(file));
        } catch (YamlException e) {
            e.problems().forEach(problem -> err.println("promptstudio export-yaml: " + problem));
            return 1;
        }
        return CliPaths.writeOrPrint(yaml, output, spec, "export-yaml");
    }
}
