package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.tests.support.providers.FakeProviderServer;
import io.promptstudio.tests.support.providers.SchemaAnswers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every example prompt ships an eval suite, and every suite runs with {@code promptstudio eval} end to end: the
 * examples are copied, their profiles pointed at a loopback provider speaking OpenAI's protocol that answers each
 * request with a value of the schema it asks for, and each suite must answer and score every case — judges
 * included — without an error. (Whether a case passes is the model's business: this provider is no model.) With
 * {@code OPENAI_API_KEY} set, {@code promptstudio eval examples/FILE#EVAL} runs the same suites against OpenAI.
 */
class ExampleSuitesTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("promptstudio.root", "../.."), "examples");
    private static final Pattern PROMPT = Pattern.compile("(?m)^prompt (\\w+)\\(");
    private static final Pattern DATASET = Pattern.compile("(?m)^dataset \\w+ for ([\\w.]+)");
    private static final Pattern EVAL = Pattern.compile("(?m)^eval (\\w+)");

    @TempDir
    Path dir;

    private FakeProviderServer server;

    @BeforeEach
    void provider() throws Exception {
        server = new FakeProviderServer();
        server.answering("gpt-4o-mini", SchemaAnswers::answer);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyExamplePromptHasADatasetThatAnEvalRuns() throws Exception {
        Set<String> prompts = new TreeSet<>();
        Set<String> evaluated = new TreeSet<>();
        for (Path file : files()) {
            String text = Files.readString(file);
            PROMPT.matcher(text).results().forEach(match -> prompts.add(match.group(1)));
            DATASET.matcher(text).results().forEach(match -> evaluated.add(match.group(1).replaceAll(".*\\.", "")));
        }
        assertTrue(prompts.size() >= 18, prompts.toString());
        Set<String> without = new TreeSet<>(prompts);
        without.removeAll(evaluated);
        assertEquals(Set.of(), without, "example prompts without an eval suite");
    }

    @Test
    void everyExampleSuiteRunsEveryCaseThroughTheRunPathWithoutAnError() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("examples"));
        for (Path file : files()) {
            String text = Files.readString(file);
            if (file.getFileName().toString().equals("shared.pstudio")) {
                // every profile to the loopback provider
                text = text.replaceAll("(?m)^\\s*endpoint = .*\\n", "").replaceAll("provider = \"[a-z-]+\"",
                        "provider = \"openai-compatible\"\n  endpoint = \"" + server.endpoint() + "\"");
            }
            Files.writeString(copy.resolve(file.getFileName()), text);
        }
        List<String> ran = new ArrayList<>();
        for (Path file : files()) {
            Matcher evals = EVAL.matcher(Files.readString(file));
            while (evals.find()) {
                String target = copy.resolve(file.getFileName()) + "#" + evals.group(1);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                CommandLine line = PromptStudioCli.commandLine();
                line.setOut(new PrintWriter(out, true));
                line.setErr(new PrintWriter(err, true));
                int code = line.execute("eval", target, "--no-cache", "--history", dir.resolve("history").toString(), "--store",
                        dir.resolve("evals").toString());
                assertTrue(code == 0 || code == 1, target + " exited " + code + ": " + err);
                assertFalse(out.toString().contains("ERROR "), target + " has cases that erred:\n" + out);
                assertTrue(out.toString().contains("eval " + evals.group(1)) && out.toString().contains(", 0 errors"), out.toString());
                assertFalse(out.toString().matches("(?s).*, [1-9]\\d* errors.*"), out.toString());
                ran.add(evals.group(1));
            }
        }
        assertTrue(ran.size() >= 18, ran.toString());
        assertTrue(server.received().stream().anyMatch(received -> received.body().contains("Break the answer into its factual claims")),
                "the RAG suite's judges ran");
    }

    private static List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(file -> file.toString().endsWith(".pstudio")).sorted().toList();
        }
    }
}
