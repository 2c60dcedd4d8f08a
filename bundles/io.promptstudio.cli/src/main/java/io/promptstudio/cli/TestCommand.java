package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.dsl.render.PromptRenderer;
import io.promptstudio.dsl.render.TypedValues;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs the language's {@code test} blocks against a model and decides their expectations on the typed output. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run the tests of prompt files against a model. Exit 1 when a test fails.")
final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Prompt files or folders (default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Run every test with this profile (default: each prompt's own).")
    String profile;

    @Option(names = "--test", paramLabel = "NAME", description = "Only the tests with these names.")
    List<String> only = new ArrayList<>();

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the results as JUnit XML (for CI).")
    Path junitXml;

    @Option(names = "--history", paramLabel = "FILE", description = "The history database (default: ~/.promptstudio/history).")
    Path history;

    @Option(names = "--prices", paramLabel = "FILE", description = "A price table over the shipped one.")
    Path prices;

    /** One test's outcome. */
    private record Outcome(TestCase test, RunRecord run, List<String> problems, String inputs) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LanguageWorkspace workspace = CliPaths.loadWithoutErrors(paths, "test", err);
        List<TestCase> tests = new ArrayList<>();
        for (Path file : workspace.resources().keySet()) {
            workspace.model(file).ifPresent(model -> model.getElements().stream().filter(TestCase.class::isInstance).map(TestCase.class::cast)
                    .filter(test -> only.isEmpty() || only.contains(test.getName())).forEach(tests::add));
        }
        if (tests.isEmpty()) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio test: no tests" + (only.isEmpty() ? "" : " named " + only));
        }
        ExpectationEvaluator expectations = workspace.languageInjector().getInstance(ExpectationEvaluator.class);
        ObjectMapper json = new ObjectMapper();
        List<Outcome> outcomes = new ArrayList<>();
        Map<TestCase, String> noKey = new LinkedHashMap<>();
        try (CliRunner runner = new CliRunner(workspace, history, prices, null, "test")) {
            Set<String> missing = new java.util.TreeSet<>();
            for (TestCase test : tests) {
                String problem = runner.missingKey(request(workspace, test));
                if (problem != null) {
                    noKey.put(test, problem);
                    missing.add(problem);
                }
            }
            if (!missing.isEmpty()) {
                err.println("promptstudio test: " + noKey.size() + " of " + tests.size() + " tests cannot run, a key is missing:");
                missing.forEach(problem -> err.println("  " + problem));
                err.flush();
            }
            for (int i = 0; i < tests.size(); i++) {
                TestCase test = tests.get(i);
                if (noKey.containsKey(test)) {
                    continue;
                }
                err.printf("[%d/%d] %s%n", i + 1, tests.size(), test.getName());
                err.flush();
                Map<String, Object> inputs = PromptRenderer.inputs(test);
                String shownInputs = json.writeValueAsString(inputs);
                RunRecord run;
                try {
                    run = runner.run(request(workspace, test), RunListener.NONE);
                } catch (ArgumentException e) {
                    outcomes.add(new Outcome(test, null, e.problems(), shownInputs));
                    continue;
                }
                if (!RunRecord.SUCCEEDED.equals(run.status())) {
                    outcomes.add(new Outcome(test, run, List.of("the run failed: " + run.errorKind() + ": " + run.errorMessage()), shownInputs));
                    continue;
                }
                Object output = TypedValues.plain(json.readValue(run.outputJson(), Object.class));
                @SuppressWarnings("unchecked")
                Map<String, Object> given = (Map<String, Object>) TypedValues.plain(json.readValue(run.argumentsJson(), Object.class));
                List<String> problems = expectations.failures(test, output, given).stream().map(Object::toString).toList();
                outcomes.add(new Outcome(test, run, problems, shownInputs));
            }
        }
        long failed = outcomes.stream().filter(outcome -> !outcome.passed()).count();
        for (TestCase skipped : noKey.keySet()) {
            out.println("SKIP " + skipped.getName() + " (" + skipped.getPrompt().getName() + "): no key, see above");
        }
        for (Outcome outcome : outcomes) {
            String where = outcome.test().getName() + " (" + outcome.test().getPrompt().getName() + ")";
            if (outcome.passed()) {
                out.println("PASS " + where + "  " + HistoryCommand.summary(outcome.run()));
            } else {
                out.println("FAIL " + where);
                out.println("  input:  " + outcome.inputs());
                if (outcome.run() != null && outcome.run().outputJson() != null) {
                    out.println("  output: " + outcome.run().outputJson());
                }
                outcome.problems().forEach(problem -> out.println("  expected " + problem));
            }
        }
        out.println(outcomes.size() - failed + " passed, " + failed + " failed" + (noKey.isEmpty() ? "" : ", " + noKey.size() + " skipped"));
        out.flush();
        if (junitXml != null) {
            Files.writeString(junitXml, junit(outcomes, noKey), StandardCharsets.UTF_8);
        }
        // Tests that could not run did not pass: a CI without its keys must not look green.
        return failed == 0 && noKey.isEmpty() ? 0 : 1;
    }

    private RunRequest request(LanguageWorkspace workspace, TestCase test) {
        return RunRequest.of(workspace.nameOf(test.getPrompt()), PromptRenderer.inputs(test)).withProfile(profile);
    }

    private static String junit(List<Outcome> outcomes, Map<TestCase, String> noKey) {
        long failed = outcomes.stream().filter(outcome -> !outcome.passed()).count();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        double seconds = outcomes.stream().mapToLong(o -> o.run() == null || o.run().totalMillis() == null ? 0 : o.run().totalMillis()).sum() / 1000.0;
        xml.append("<testsuite name=\"promptstudio\" tests=\"").append(outcomes.size() + noKey.size()).append("\" failures=\"").append(failed)
                .append("\" errors=\"0\" skipped=\"").append(noKey.size()).append("\" time=\"").append(seconds).append("\">\n");
        noKey.forEach((test, problem) -> xml.append("  <testcase classname=\"").append(escape(test.getPrompt().getName())).append("\" name=\"")
                .append(escape(test.getName())).append("\" time=\"0\">\n    <skipped message=\"").append(escape(problem)).append("\"/>\n  </testcase>\n"));
        for (Outcome outcome : outcomes) {
            long millis = outcome.run() == null || outcome.run().totalMillis() == null ? 0 : outcome.run().totalMillis();
            xml.append("  <testcase classname=\"").append(escape(outcome.test().getPrompt().getName())).append("\" name=\"")
                    .append(escape(outcome.test().getName())).append("\" time=\"").append(millis / 1000.0).append("\"");
            if (outcome.passed()) {
                xml.append("/>\n");
            } else {
                String message = String.join("; ", outcome.problems());
                xml.append(">\n    <failure message=\"").append(escape(message)).append("\">").append(escape("input: " + outcome.inputs()
                        + "\noutput: " + (outcome.run() == null ? "none" : outcome.run().outputJson()) + "\n" + message))
                        .append("</failure>\n  </testcase>\n");
            }
        }
        return xml.append("</testsuite>\n").toString();
    }

    private static String escape(String text) {
        return String.valueOf(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
