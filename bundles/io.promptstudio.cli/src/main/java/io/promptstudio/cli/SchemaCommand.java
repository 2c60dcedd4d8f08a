package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.schema.JsonSchemaGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the JSON Schema of a prompt's output type: what structured-output modes are given and what the output is parsed against. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema (2020-12) of a prompt's output. The files must check without errors.")
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt: its qualified name, or its simple name when unique.")
    String prompt;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PATH",
            description = "Prompt files or folders the prompt and its types are in (default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LanguageWorkspace workspace = CliPaths.loadWithoutErrors(paths, "schema", err);
        Prompt found;
        try {
            found = workspace.prompt(prompt);
        } catch (IllegalArgumentException e) {
            err.println("promptstudio schema: " + e.getMessage());
            return PromptStudioCli.EXIT_USAGE;
        }
        var schema = workspace.languageInjector().getInstance(JsonSchemaGenerator.class).forOutput(found).schema();
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(schema));
        out.flush();
        return 0;
    }
}
