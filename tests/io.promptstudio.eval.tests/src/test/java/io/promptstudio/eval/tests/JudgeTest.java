package io.promptstudio.eval.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.promptStudio.Eval;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalReports;
import io.promptstudio.eval.EvalRunner;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.eval.stats.PairwiseJudging;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptCatalog;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunRecorder;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-graded assertions with the shipped judge library (examples/judges.pstudio), run like any prompt through the
 * one run path to a provider speaking OpenAI's protocol on a loopback port, which answers as a judge would: each
 * judge is told apart by its instructions. Pairwise judging, and a budget that stops a run.
 */
class JudgeTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("promptstudio.root", "../.."), "examples");

    @TempDir
    Path dir;

    private FakeProviderServer server;

    @BeforeEach
    void provider() throws Exception {
        server = new FakeProviderServer();
        server.answering("gpt-4o-mini", request -> {
            JsonNode messages = request.path("messages");
            String system = messages.get(0).path("content").asText();
            String user = messages.get(messages.size() - 1).path("content").asText();
            if (system.startsWith("Careful") || system.startsWith("Hasty")) {
                boolean negative = user.contains("broke");
                String label = system.startsWith("Hasty") || !negative ? "POSITIVE" : "NEGATIVE";
                return "{\"sentiment\": \"" + label + "\", \"confidence\": " + (system.startsWith("Hasty") ? "0.6" : "0.9")
                        + ", \"summary\": \"" + (negative ? "The kettle broke." : "A good kettle.") + "\"}";
            }
            if (system.contains("Break the answer into its factual claims")) {
                return "{\"verdicts\": [" + claim("the kettle broke", true) + ", " + claim("it was red", false) + ", "
                        + claim("on day one", true) + "]}";
            }
            if (system.contains("Break the reference answer")) {
                return user.contains("empty") ? "{\"verdicts\": []}" : "{\"verdicts\": [" + claim("a", true) + "]}";
            }
            if (system.contains("For each context, in the order given")) {
                return "{\"verdicts\": [" + useful(true) + ", " + useful(false) + ", " + useful(true) + "]}";
            }
            if (system.contains("You grade an answer against criteria")) {
                return "{\"steps\": [\"read it\"], \"score\": 4, \"reason\": \"mostly meets them\"}";
            }
            if (system.contains("Decide whether the answer meets the criterion")) {
                return "I'm sorry, but I can't help with grading this.";
            }
            if (system.contains("Write three questions")) {
                return "{\"questions\": [\"Did the kettle break?\", \"What happened to the kettle?\"]}";
            }
            if (system.contains("Two assistants answered")) {
                // a fair judge: it prefers the surer answer wherever it stands
                String first = user.substring(user.indexOf("First answer:"), user.indexOf("Second answer:"));
                String second = user.substring(user.indexOf("Second answer:"));
                return "{\"better\": \"" + (first.contains("0.9") && !second.contains("0.9") ? "first"
                        : second.contains("0.9") && !first.contains("0.9") ? "second" : "tie") + "\", \"reason\": \"surer\"}";
            }
            if (system.startsWith("Biased")) {
                return "{\"better\": \"FIRST\", \"reason\": \"first is best\"}";
            }
            return "{}";
        });
    }

    private static String claim(String text, boolean supported) {
        return "{\"claim\": \"" + text + "\", \"supported\": " + supported + ", \"reason\": \"\"}";
    }

    private static String useful(boolean useful) {
        return "{\"context\": \"c\", \"useful\": " + useful + ", \"reason\": \"\"}";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path prompts(String evals) throws Exception {
        Files.copy(EXAMPLES.resolve("shared.pstudio"), dir.resolve("shared.pstudio"));
        Files.copy(EXAMPLES.resolve("judges.pstudio"), dir.resolve("judges.pstudio"));
        return Files.writeString(dir.resolve("reviews.pstudio"), """
                import judges.*

                enum Sentiment { POSITIVE, NEGATIVE }

                class Reading {
                  sentiment: Sentiment
                  confidence: float @range(0, 1)
                  summary: string
                }

                enum Side { FIRST, SECOND, TIE }

                class Preference {
                  better: Side
                  reason: string
                }

                profile local_fake {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "gpt-4o-mini"
                  temperature = 0
                }

                prompt Careful(review: string) -> Reading using local_fake {
                  system "Careful. {{ output_format }}"
                  user "{{ review }}"
                }

                prompt Hasty(review: string) -> Reading using local_fake {
                  system "Hasty. {{ output_format }}"
                  user "{{ review }}"
                }

                prompt AlwaysFirst(first: string, second: string) -> Preference using local_fake {
                  system "Biased. {{ output_format }}"
                  user "{{ first }} / {{ second }}"
                }

                dataset Inline for Careful {
                  { review: "it broke on day one" } -> { summary: "The kettle broke on day one." }
                  { review: "lovely, works well" } -> { summary: "A good kettle." }
                }
                """.formatted(server.endpoint()) + evals);
    }

    private EvalOutcome run(Path file, String name, List<CaseResult> results) throws Exception {
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file, dir.resolve("shared.pstudio"), dir.resolve("judges.pstudio")));
        workspace.resources().values().forEach(EcoreUtil::resolveAll);
        assertEquals(List.of(), new LanguageChecker().check(workspace).stream().filter(d -> d.severity() == Severity.ERROR)
                .map(Object::toString).toList());
        Eval eval = workspace.model(file).orElseThrow().getElements().stream().filter(Eval.class::isInstance).map(Eval.class::cast)
                .filter(each -> each.getName().equals(name)).findFirst().orElseThrow();
        PromptRuns runs = PromptRuns.builder().catalog(PromptCatalog.of(workspace)).recorder(RunRecorder.openingEachTime(() -> dir.resolve(
                "history"))).keys(variable -> null).build();
        ExpectationEvaluator evaluator = workspace.languageInjector().getInstance(ExpectationEvaluator.class);
        return new EvalRunner(runs, evaluator, 2, false).run(EvalSuite.of(workspace, eval), (result, done) -> results.add(result),
                Cancellation.none());
    }

    @Test
    void eachJudgesTypedAnswerBecomesItsScore() throws Exception {
        Path file = prompts("""

                eval Graded {
                  prompts Careful
                  dataset Inline
                  threshold 0.5
                  assert {
                    faithful: judge Faithfulness using local_fake { question: "Summarize the review", answer: output.summary, contexts: review }
                    precise: judge ContextPrecision using local_fake {
                      question: "Summarize the review"
                      reference: expected.summary
                      contexts: review
                    }
                    graded: judge Rubric using local_fake { criteria: "says what happened", answer: output.summary }
                    relevant: judge AnswerRelevancy using local_fake { answer: output.summary } scored meanSimilarity(verdict.questions, review)
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Graded", results);
        assertEquals(0, outcome.variants().get(0).errors(), results::toString);
        CaseResult broke = results.stream().filter(result -> result.row() == 1).findFirst().orElseThrow();
        assertEquals(2.0 / 3, check(broke, "faithful").score(), 1e-9, "2 of 3 claims supported");
        assertEquals((1.0 + 2.0 / 3) / 2, check(broke, "precise").score(), 1e-9, "useful contexts at ranks 1 and 3: average precision");
        assertEquals(0.75, check(broke, "graded").score(), 1e-9, "4 on 1..5");
        assertTrue(check(broke, "graded").detail().contains("mostly meets them"), check(broke, "graded").detail());
        double relevant = check(broke, "relevant").score();
        CaseResult lovely = results.stream().filter(result -> result.row() == 2).findFirst().orElseThrow();
        assertTrue(relevant > check(lovely, "relevant").score() + 0.1,
                "questions about a broken kettle are closer to 'it broke on day one' than to 'lovely, works well': " + relevant + " vs "
                        + check(lovely, "relevant").score());
        // the answer and every judge went through the run path: 2 rows × (1 answer + 4 judges)
        assertEquals(10, server.received().size());
        List<String> judgeRequests = server.received().stream().map(FakeProviderServer.Received::body)
                .filter(body -> body.contains("factual claims")).toList();
        assertEquals(2, judgeRequests.size());
        assertTrue(judgeRequests.stream().anyMatch(body -> body.contains("Answer: The kettle broke.")), "the judge saw the answer it grades");
    }

    @Test
    void aJudgeThatRefusesOrGivesNothingToJudgeIsAnErrorCountedApart() throws Exception {
        Path file = prompts("""

                eval Refused {
                  prompts Careful
                  dataset Inline
                  suite 0
                  assert {
                    label: output.confidence > 0.5
                    closed: judge ClosedQA using local_fake { question: review, answer: output.summary, criterion: "is polite" }
                  }
                }

                eval Empty {
                  prompts Careful
                  dataset Inline
                  suite 0
                  assert {
                    recall: judge ContextRecall using local_fake { question: review, reference: "empty", contexts: review }
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome refused = run(file, "Refused", results);
        assertEquals(2, refused.variants().get(0).errors());
        assertNull(refused.variants().get(0).meanScore(), "no NaN in an average: nothing was scored");
        assertTrue(results.get(0).reason().startsWith("judge 'closed' (judges.ClosedQA): no verdict:"), results.get(0).reason());
        assertNotNull(results.get(0).cost(), "what the judge cost counts with the case");

        results.clear();
        EvalOutcome empty = run(file, "Empty", results);
        assertEquals(2, empty.variants().get(0).errors());
        assertTrue(results.get(0).reason().contains("the judge gave no verdicts"), results.get(0).reason());
    }

    @Test
    void thePairwiseJudgeAsksInBothOrdersSoAPositionBiasCancelsOut() throws Exception {
        Path file = prompts("""

                eval Fair {
                  prompts Careful, Hasty
                  dataset Inline
                  suite 0
                  assert {
                    sure: output.confidence >= 0.8
                  }
                  pairwise Pairwise using local_fake
                }

                eval Biased {
                  prompts Careful, Hasty
                  dataset Inline
                  suite 0
                  assert {
                    sure: output.confidence >= 0.8
                  }
                  pairwise AlwaysFirst
                }
                """);
        EvalOutcome fair = run(file, "Fair", new CopyOnWriteArrayList<>());
        PairwiseJudging judged = fair.comparisons().get(0).pairwise();
        assertEquals(new PairwiseJudging(0, 2, 0, 0, 0), judged, "Hasty's answer loses on both rows, in both orders");
        assertEquals(0.0, judged.winRate());
        assertEquals(4, server.received().stream().filter(received -> received.body().contains("Two assistants answered")).count());
        assertTrue(EvalReports.pairwise(fair.comparisons().get(0)).contains("0 wins, 2 losses"), EvalReports.pairwise(fair.comparisons().get(0)));

        EvalOutcome biased = run(file, "Biased", new CopyOnWriteArrayList<>());
        assertEquals(new PairwiseJudging(0, 0, 2, 2, 0), biased.comparisons().get(0).pairwise(),
                "a judge that always picks the first answer decides nothing");
        assertNull(biased.comparisons().get(0).pairwise().winRate());
        JsonNode report = new ObjectMapper().readTree(EvalReports.json(biased));
        assertEquals(2, report.path("comparisons").get(0).path("pairwise").path("positionBiased").asInt());
    }

    @Test
    void aBudgetStopsStartingCasesOnceItIsSpent() throws Exception {
        Files.writeString(dir.resolve("many.jsonl"), IntStream.range(0, 200).mapToObj(i -> "{\"review\": \"review number " + i + "\"}")
                .collect(Collectors.joining("\n")));
        Path file = prompts("""

                dataset Many for Careful from "many.jsonl"

                eval Thrifty {
                  prompts Careful
                  dataset Many
                  budget 0.0001
                  assert {
                    sure: output.confidence >= 0.8
                  }
                }
                """);
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        EvalOutcome outcome = run(file, "Thrifty", results);
        assertTrue(outcome.budgetSpent());
        assertFalse(outcome.passed(), "a run the budget cut short does not pass");
        int cases = outcome.variants().get(0).cases();
        assertTrue(cases > 3 && cases < 40, cases + " cases");
        BigDecimal spent = outcome.variants().get(0).cost();
        BigDecimal perCase = results.get(0).cost();
        assertTrue(spent.compareTo(new BigDecimal("0.0001")) >= 0 && spent.compareTo(new BigDecimal("0.0001").add(perCase.multiply(
                BigDecimal.valueOf(2)))) <= 0, "at most the cases running when it was spent (2 at a time) go over: " + spent + ", " + perCase + " a case");
        assertTrue(EvalReports.stopped(outcome).contains("budget"));
    }

    private static CaseResult.Check check(CaseResult result, String name) {
        return result.checks().stream().filter(check -> check.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + result));
    }
}
