package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.PromptRenderer;
import io.promptstudio.dsl.render.RenderedPrompt;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows the exact messages a prompt sends for given arguments (or a test's inputs), without calling a model. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Print the messages a prompt sends for the given arguments or a test's inputs, without calling a model.")
final class RenderCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt (qualified, or simple when unique), or with --test the test.")
    String name;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PATH", description = "Prompt files or folders (default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--arg", paramLabel = "NAME=VALUE",
            description = "An argument. Text parameters take the value as written; others take JSON (3, true, [\"a\"], {\"k\": 1}).")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--test", description = "Render with the inputs of the test named PROMPT instead.")
    boolean test;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.text;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LanguageWorkspace workspace = CliPaths.loadWithoutErrors(paths, "render", err);
        PromptRenderer renderer = workspace.languageInjector().getInstance(PromptRenderer.class);
        RenderedPrompt rendered;
        try {
            if (test) {
                rendered = renderer.render(findTest(workspace));
            } else {
                Prompt prompt = workspace.prompt(name);
                rendered = renderer.render(prompt, CliArguments.parse(prompt, arguments));
            }
        } catch (IllegalArgumentException e) {
            err.println("promptstudio render: " + e.getMessage());
            return PromptStudioCli.EXIT_USAGE;
        } catch (ArgumentException e) {
            e.problems().forEach(problem -> err.println("promptstudio render: argument " + problem));
            return PromptStudioCli.EXIT_USAGE;
        }
        if (format == Format.json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("prompt", rendered.prompt());
            report.put("profile", rendered.profile());
            report.put("messages", rendered.messages());
            report.put("arguments", rendered.arguments());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            for (RenderedPrompt.Message message : rendered.messages()) {
                out.println("[" + message.role() + "]");
                out.println(message.content());
            }
        }
        out.flush();
        return 0;
    }

    private TestCase findTest(LanguageWorkspace workspace) {
        List<String> tests = new ArrayList<>();
        for (var resource : workspace.resources().keySet()) {
            for (var element : workspace.model(resource).map(model -> model.getElements()).orElse(org.eclipse.emf.common.util.ECollections.emptyEList())) {
                if (element instanceof TestCase testCase && testCase.getName() != null) {
                    if (testCase.getName().equals(name)) {
                        return testCase;
                    }
                    tests.add(testCase.getName());
                }
            }
        }
        tests.sort(null);
        throw new IllegalArgumentException("no test named '" + name + "'" + (tests.isEmpty() ? "" : "; tests: " + String.join(", ", tests)));
    }
}
