package io.promptstudio.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.DatasetException;
import io.promptstudio.eval.Datasets;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalReports;
import io.promptstudio.eval.EvalRunner;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptCatalog;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunRecorder;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suites run end to end: prompt files loaded by the language, every case through the one run path to a provider
 * speaking OpenAI's protocol on a loopback port (answering by the request's content, whatever the order of the
 * concurrent calls), a real H2 history, and datasets inline, in JSONL and in CSV, good and bad.
 */
class EvalRunnerTest {

    @TempDir
    Path dir;

    private FakeProviderServer server;
    private final AtomicInteger flips = new AtomicInteger();

    @BeforeEach
    void provider() throws Exception {
        server = new FakeProviderServer();
        // "Careful" reads the review; "Hasty" calls everything positive; a review with "sometimes" flips between calls
        server.answering("gpt-4o-mini", request -> {
            JsonNode messages = request.path("messages");
            String system = messages.get(0).path("content").asText();
            String review = messages.get(messages.size() - 1).path("content").asText();
            boolean negative = review.contains("broke") || review.contains("awful");
            if (review.contains("sometimes")) {
                negative = flips.getAndIncrement() % 2 == 0;
            }
            String label = system.startsWith("Hasty") || !negative ? "POSITIVE" : "NEGATIVE";
            return "{\"sentiment\": \"" + label + "\", \"confidence\": " + (system.startsWith("Hasty") ? "0.6" : "0.9") + "}";
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path prompts(String evals) throws Exception {
        return Files.writeString(dir.resolve("reviews.pstudio"), """
                enum Sentiment { POSITIVE, NEGATIVE }

                class Reading {
                  sentiment: Sentiment
                  confidence: float @range(0, 1)
                }

                profile local_fake {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "gpt-4o-mini"
                  temperature = 0
                }

                prompt Careful(review: string, stars: int = 3) -> Reading using local_fake {
                  system "Careful. {{ output_format }}"
                  user "{{ stars }} stars: {{ review }}"
                }

                prompt Hasty(review: string, stars: int = 3) -> Reading using local_fake {
                  system "Hasty. {{ output_format }}"
                  user "{{ stars }} stars: {{ review }}"
                }

                dataset Inline for Careful {
                  { review: "it broke on day one" } -> { sentiment: Sentiment.NEGATIVE }
                  { review: "lovely, works well", stars: 5 } -> { sentiment: Sentiment.POSITIVE }
                }
                """.formatted(server.endpoint()) + evals);
    }

    private EvalOutcome run(Path file, String name, int concurrency, List<CaseResult> results) throws Exception {
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        workspace.resources().values().forEach(EcoreUtil::resolveAll);
        assertEquals(List.of(), new io.promptstudio.dsl.check.LanguageChecker().check(workspace).stream()
                .filter(d -> d.severity() == io.promptstudio.core.services.Severity.ERROR).map(Object::toString).toList());
        Eval eval = workspace.model(file).orElseThrow().getElements().stream().filter(Eval.class::isInstance).map(Eval.class::cast)
                .filter(each -> each.getName().equals(name)).findFirst().orElseThrow();
        PromptRuns runs = PromptRuns.builder().catalog(PromptCatalog.of(workspace)).recorder(RunRecorder.openingEachTime(() -> dir.resolve(
                "history"))).keys(variable -> null).build();
        ExpectationEvaluator evaluator = workspace.languageInjector().getInstance(ExpectationEvaluator.class);
        return new EvalRunner(runs, evaluator, concurrency, false).run(EvalSuite.of(workspace, eval), (result, done) -> results.add(result),
                Cancellation.none());
    }

    @Test
    void anAnswerIsCheckedAgainstAJsonSchemaFileBesideThePromptFile() throws Exception {
        Files.writeString(dir.resolve("sure.schema.json"), """
                {
                  "$schema": "http://json-schema.org/draft-07/schema#",
                  "type": "object",
                  "required": ["sentiment", "confidence"],
                  "properties": {"confidence": {"type": "number", "minimum": 0.8}}
                }
                """);
        Path file = prompts("""

                eval Sure {
                  prompts Careful, Hasty
                  dataset Inline
                  assert {
                    sure: jsonSchemaValid(output, "sure.schema.json")
                  }
                }
                """);
        List<CaseResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Sure", 2, results);
        assertEquals(List.of(2, 0), outcome.variants().stream().map(EvalOutcome.VariantSummary::passed).toList(),
                "Careful is sure (0.9), Hasty is not (0.6, below the schema's minimum)");
        assertTrue(results.stream().filter(result -> !result.passed()).allMatch(result -> result.reason().startsWith("sure: jsonSchemaValid(")),
                results.toString());
    }

    private static String jsonl(int rows) {
        return IntStream.range(0, rows).mapToObj(i -> i % 2 == 0
                ? "{\"review\": \"it broke after " + i + " days\", \"stars\": 1, \"expected\": {\"sentiment\": \"NEGATIVE\"}}"
                : "{\"review\": \"great kettle number " + i + "\", \"expected\": {\"sentiment\": \"POSITIVE\"}}").collect(Collectors.joining("\n"))
                + "\n";
    }

    @Test
    void everyRowRunsOnEveryVariantAndTheWorseVersionIsFoundWorse() throws Exception {
        Files.writeString(dir.resolve("cases.jsonl"), jsonl(60));
        Path file = prompts("""

                dataset Many for Careful from "cases.jsonl"

                eval Versions {
                  prompts Careful, Hasty
                  dataset Many
                  assert {
                    label: output.sentiment == expected.sentiment
                    sure: output.confidence >= 0.8 weight 0.5
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Versions", 6, results);

        assertEquals(120, results.size(), "60 rows on 2 prompts");
        assertEquals(120, server.received().size(), "each case called the provider once");
        EvalOutcome.VariantSummary careful = outcome.variants().get(0);
        EvalOutcome.VariantSummary hasty = outcome.variants().get(1);
        assertEquals("Careful", careful.variant().prompt());
        assertEquals(60, careful.passed());
        assertEquals(0, hasty.passed(), "Hasty is never sure enough, and wrong on half");
        assertEquals(0, hasty.errors());
        assertEquals((30 * 0 + 30 * (1 / 1.5)) / 60, hasty.meanScore(), 1e-9, "right label, unsure: 1 of 1.5; wrong: 0");
        assertFalse(outcome.passed(), "a variant below the suite's threshold fails the suite");

        EvalOutcome.Comparison comparison = outcome.comparisons().get(0);
        assertEquals(60, comparison.pairs());
        assertEquals(EvalOutcome.Comparison.WORSE, comparison.verdict());
        assertTrue(comparison.interval().high() < 0, comparison.interval().toString());
        assertTrue(comparison.mcnemarP() < 1e-6 && comparison.wilcoxonP() < 1e-6, comparison.toString());
        CaseResult failedCase = results.stream().filter(result -> result.variant().prompt().equals("Hasty") && result.row() == 1)
                .findFirst().orElseThrow();
        assertTrue(failedCase.reason().contains("label: output.sentiment == expected.sentiment"), failedCase.reason());
        assertTrue(failedCase.reason().contains("output.sentiment was \"POSITIVE\""), failedCase.reason());
        assertTrue(failedCase.where().equals("cases.jsonl:1"), failedCase.where());

        JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(EvalReports.json(outcome));
        assertEquals("B worse", report.path("comparisons").get(0).path("verdict").asText());
        StringWriter junit = new StringWriter();
        EvalReports.junit(outcome, results, junit);
        assertTrue(junit.toString().contains("tests=\"60\" failures=\"60\" errors=\"0\""), junit.toString().substring(0, 400));
    }

    @Test
    void theSameVersionTwiceIsNoSignificantDifference() throws Exception {
        Files.writeString(dir.resolve("cases.jsonl"), jsonl(20));
        Path file = prompts("""

                dataset Many for Careful from "cases.jsonl"

                profile same_again extends local_fake {
                  seed = 2
                }

                eval Profiles {
                  prompts Careful
                  profiles local_fake, same_again
                  dataset Many
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Profiles", 3, results);
        assertTrue(outcome.passed(), () -> outcome + "\n" + results.stream().filter(result -> !result.passed()).map(Object::toString).toList());
        assertEquals(List.of("Careful @ local_fake", "Careful @ same_again"),
                outcome.variants().stream().map(summary -> summary.variant().label()).toList());
        assertEquals(EvalOutcome.Comparison.NO_DIFFERENCE, outcome.comparisons().get(0).verdict());
    }

    @Test
    void badRowsAreErrorsAtTheirLineAndColumnAndTheOtherRowsStillRun() throws Exception {
        Files.writeString(dir.resolve("cases.jsonl"), String.join("\n",
                "{\"review\": \"it broke\", \"expected\": {\"sentiment\": \"NEGATIVE\"}}",
                "{\"review\": 5}",
                "{\"review\": \"fine\", \"colour\": \"red\"}",
                "{\"review\": \"half a line",
                "[\"not\", \"an\", \"object\"]",
                "{\"stars\": 2}",
                "{\"review\": \"it is fine\", \"expected\": {\"sentiment\": \"MAYBE\"}}",
                "",
                "{\"review\": \"works\", \"expected\": {\"sentiment\": \"POSITIVE\"}}") + "\n");
        Path file = prompts("""

                dataset Messy for Careful from "cases.jsonl"

                eval Robust {
                  prompts Careful
                  dataset Messy
                  suite 0.25
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Robust", 2, results);
        EvalOutcome.VariantSummary summary = outcome.variants().get(0);
        assertEquals(8, summary.cases(), "the blank line is no case");
        assertEquals(2, summary.passed(), results::toString);
        assertEquals(6, summary.errors());
        assertEquals(1.0, summary.meanScore(), "errors are counted apart, not averaged in as zeros or NaN");
        assertTrue(outcome.passed(), "2 of 8 reach the suite's 25 %");
        assertEquals(2, server.received().size(), "bad rows never reach the provider");
        List<String> reasons = results.stream().filter(CaseResult::error).sorted(java.util.Comparator.comparingInt(CaseResult::row))
                .map(CaseResult::reason).toList();
        assertTrue(reasons.get(0).startsWith("cases.jsonl:2:2: review: expected string, got 5"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("cases.jsonl:3:20: prompt Careful has no input 'colour'"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("cases.jsonl:4:") && reasons.get(2).contains("not JSON"), reasons.get(2));
        assertTrue(reasons.get(3).contains("cases.jsonl:5:1: a row is a JSON object"), reasons.get(3));
        assertTrue(reasons.get(4).contains("cases.jsonl:6: the row does not give the required input 'review'"), reasons.get(4));
        assertTrue(reasons.get(5).startsWith("cases.jsonl:7:") && reasons.get(5).contains("MAYBE"), reasons.get(5));
    }

    @Test
    void csvRowsAreTypedByTheirParametersAndBrokenQuotingIsReportedAtItsLine() throws Exception {
        Files.writeString(dir.resolve("cases.csv"), """
                review,stars,expected
                "it broke, sadly",1,"{""sentiment"": ""NEGATIVE""}"
                "nice
                and quiet",5,"{""sentiment"": ""POSITIVE""}"
                fine,many,"{""sentiment"": ""POSITIVE""}"
                """);
        Path file = prompts("""

                dataset Sheet for Careful from "cases.csv"

                eval Csv {
                  prompts Careful
                  dataset Sheet
                  suite 0.5
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Csv", 1, results);
        assertEquals(2, outcome.variants().get(0).passed());
        CaseResult bad = results.stream().filter(CaseResult::error).findFirst().orElseThrow();
        assertTrue(bad.reason().startsWith("cases.csv:5:2: column 'stars' is not JSON"), bad.reason());
        assertEquals("cases.csv:3", results.stream().filter(result -> result.row() == 2).findFirst().orElseThrow().where(),
                "a row is where it starts, its quoted cell spanning lines");

        Files.writeString(dir.resolve("cases.csv"), "review,stars\n\"never closed,1\nfine,2\n");
        DatasetException broken = assertThrows(DatasetException.class, () -> run(file, "Csv", 1, new ArrayList<>()));
        assertTrue(broken.getMessage().startsWith("cases.csv:") && broken.getMessage().contains("broken CSV"), broken.getMessage());
    }

    @Test
    void yamlRowsAreTypedByTheirParametersAndABadRowIsPlacedAtItsLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("cases.yaml"), """
                # written by hand
                - review: it broke, sadly
                  stars: 1
                  expected: { sentiment: NEGATIVE }
                - review: nice and quiet
                  stars: 5
                  expected:
                    sentiment: POSITIVE
                - review: fine
                  stars: many
                - just a string
                """);
        Path file = prompts("""

                dataset Sheet for Careful from "cases.yaml"

                eval Yaml {
                  prompts Careful
                  dataset Sheet
                  suite 0.5
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Yaml", 1, results);
        assertEquals(2, outcome.variants().get(0).passed(), results::toString);
        List<String> reasons = results.stream().filter(CaseResult::error).sorted(java.util.Comparator.comparingInt(CaseResult::row))
                .map(CaseResult::reason).toList();
        assertEquals(2, reasons.size(), reasons::toString);
        assertTrue(reasons.get(0).startsWith("cases.yaml:9:3: stars: expected int, got \"many\""), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("cases.yaml:11:3: a row is a mapping of the inputs"), reasons.get(1));

        Files.writeString(dir.resolve("cases.yaml"), "- review: [unclosed\n- review: fine\n");
        DatasetException broken = assertThrows(DatasetException.class, () -> run(file, "Yaml", 1, new ArrayList<>()));
        assertTrue(broken.getMessage().startsWith("cases.yaml:2:") && broken.getMessage().contains("not YAML"), broken.getMessage());
        Files.writeString(dir.resolve("cases.yaml"), "review: not a list\n");
        DatasetException notAList = assertThrows(DatasetException.class, () -> run(file, "Yaml", 1, new ArrayList<>()));
        assertTrue(notAList.getMessage().startsWith("cases.yaml:1: a YAML dataset is a list of rows"), notAList.getMessage());
    }

    @Test
    void binaryJunkAndEndlessLinesAreRefusedWithoutReadingThemWhole() throws Exception {
        Path file = prompts("""

                dataset Junk for Careful from "cases.jsonl"

                eval Binary {
                  prompts Careful
                  dataset Junk
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }
                """);
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        Files.write(dir.resolve("cases.jsonl"), junk);
        DatasetException binary = assertThrows(DatasetException.class, () -> run(file, "Binary", 1, new ArrayList<>()));
        assertTrue(binary.getMessage().contains("is not UTF-8 text"), binary.getMessage());

        try (var out = Files.newBufferedWriter(dir.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
            out.write("{\"review\": \"fine\"}\n{\"review\": \"");
            char[] block = new char[1 << 20];
            java.util.Arrays.fill(block, 'a');
            for (int i = 0; i <= Datasets.MAX_LINE_CHARS >> 20; i++) {
                out.write(block);
            }
        }
        DatasetException endless = assertThrows(DatasetException.class, () -> run(file, "Binary", 1, new ArrayList<>()));
        assertTrue(endless.getMessage().startsWith("cases.jsonl:2: a line longer than 8 M characters"), endless.getMessage());
    }

    @Test
    void repeatsFindTheCaseWhoseAnswerFlips() throws Exception {
        Path file = prompts("""

                dataset Wobbly for Careful {
                  { review: "it broke" } -> { sentiment: Sentiment.NEGATIVE }
                  { review: "it sometimes works" } -> { sentiment: Sentiment.NEGATIVE }
                }

                eval Stability {
                  prompts Careful
                  dataset Wobbly
                  repeat 4
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Stability", 1, results);
        assertEquals(8, results.size());
        EvalOutcome.VariantSummary summary = outcome.variants().get(0);
        assertEquals(6, summary.passed(), "the flipping case passes 2 of its 4 repeats");
        assertEquals(List.of("reviews.pstudio:" + lineOf(file, "sometimes")), summary.unstable());
        assertEquals(8, server.received().size(), "repeats never come from a cache");
    }

    @Test
    void aScoreOutsideZeroToOneIsAnErrorNotANumberInTheAverage() throws Exception {
        Path file = prompts("""

                eval Scores {
                  prompts Careful
                  dataset Inline
                  assert {
                    close: similarity(output.sentiment, "NEGATIVE")
                    cheap: outputTokens
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Scores", 1, results);
        assertEquals(2, outcome.variants().get(0).errors());
        assertNull(outcome.variants().get(0).meanScore(), "no answered case: no mean, not NaN");
        assertTrue(results.get(0).reason().contains("assertion 'cheap' gave"), results.get(0).reason());
        assertNotNull(EvalReports.json(outcome));
    }

    private static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }
}
