package io.promptstudio.cli;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.yaml.YamlException;
import io.promptstudio.dsl.yaml.YamlImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Reads the YAML form of a prompt file back into the language. */
@Command(name = "import-yaml", mixinStandardHelpOptions = true,
        description = "Print the prompt file a YAML form stands for (or write it with --output). Problems name line and column.")
final class ImportYamlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML file.")
    Path file;

    @Option(names = { "-o", "--output" }, paramLabel = "FILE", description = "Write here instead of printing; never overwrites a file.")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("promptstudio import-yaml: " + CliPaths.shown(file) + " is not a file");
            return PromptStudioCli.EXIT_USAGE;
        }
        String source;
        try {
            source = YamlImport.toSource(Files.readString(file, StandardCharsets.UTF_8), CliPaths.shown(file), LanguageWorkspace.injector());
        } catch (java.nio.charset.MalformedInputException e) {
            err.println("promptstudio import-yaml: " + CliPaths.shown(file) + ": it is not valid UTF-8");
            return 1;
        } catch (YamlException e) {
            e.problems().forEach(problem -> err.println("promptstudio import-yaml: " + problem));
            return 1;
        }
        return CliPaths.writeOrPrint(source, output, spec, "import-yaml");
    }
}
