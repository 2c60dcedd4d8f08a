package io.promptstudio.optimize.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.optimize.Candidate;
import io.promptstudio.optimize.CandidateWorkspace;
import io.promptstudio.optimize.OptimizeOutcome;
import io.promptstudio.optimize.OptimizeSettings;
import io.promptstudio.optimize.OptimizeStore;
import io.promptstudio.optimize.Optimizer;
import io.promptstudio.optimize.Scored;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunRecorder;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every method against a provider speaking OpenAI's protocol on a loopback port, whose answers depend on the prompt
 * in known ways: the classifier answers right only when its instruction asks it to think step by step, or when it
 * is shown at least two worked examples; otherwise it says POSITIVE to everything (half right on balanced rows).
 * The optimizer's own prompts are answered as the papers' operators would: some proposals bring in "step by step",
 * some do not, and some break the prompt (they drop its output format, or read an input that does not exist), so
 * that the language has candidates to reject.
 */
class OptimizerTest {

    @TempDir
    Path dir;

    private FakeProviderServer server;
    private final AtomicInteger proposals = new AtomicInteger();
    private final AtomicInteger classifications = new AtomicInteger();

    @BeforeEach
    void provider() throws Exception {
        server = new FakeProviderServer();
        server.answering("gpt-4o-mini", request -> {
            JsonNode messages = request.path("messages");
            String system = messages.get(0).path("content").asText();
            String user = messages.get(messages.size() - 1).path("content").asText();
            if (system.startsWith("You write instructions")) {
                return opro(user);
            }
            if (system.startsWith("You rewrite instructions")) {
                return proposal("Please classify the review, variant " + proposals.incrementAndGet() + ".\n{{ output_format }}");
            }
            if (system.startsWith("You breed instructions") && user.contains("Cross over the following")) {
                int child = proposals.incrementAndGet();
                return proposal(child % 3 == 0 ? "Read the review and reason step by step before you classify it (child " + child + ").\n"
                        + "{{ output_format }}" : "Classify the review, child " + child + ".\n{{ output_format }}");
            }
            if (system.startsWith("You breed instructions")) {
                int trial = proposals.incrementAndGet();
                return proposal(trial % 2 == 0 ? "Go step by step through the review, then classify it (trial " + trial + ").\n{{ output_format }}"
                        : "Classify the review, trial " + trial + ".\n{{ output_format }}");
            }
            if (system.startsWith("You improve instructions that tell")) {
                return proposal("Rewrite the instruction so that it says how to reason, version " + proposals.incrementAndGet() + ".");
            }
            if (system.startsWith("You improve instructions")) {
                int mutant = proposals.incrementAndGet();
                boolean stepwise = user.contains("Let's think step by step.") || user.contains("how to reason");
                return proposal(stepwise ? "Think step by step about the review, then classify it (mutant " + mutant + ").\n{{ output_format }}"
                        : "Classify the review well (mutant " + mutant + ").\n{{ output_format }}");
            }
            if (system.startsWith("You debug instructions")) {
                return "{\"diagnosis\": \"it answers POSITIVE without reading\", \"instruction\": \"Classify the review step by step.\\n"
                        + "{{ output_format }}\"}";
            }
            classifications.incrementAndGet();
            long shown = 0;
            for (JsonNode message : messages) {
                shown += message.path("role").asText().equals("assistant") ? 1 : 0;
            }
            boolean right = system.toLowerCase(Locale.ROOT).contains("step by step") || shown >= 2;
            String label = right && (user.contains("broke") || user.contains("awful") || user.contains("refund")) ? "NEGATIVE" : "POSITIVE";
            return "{\"label\": \"" + label + "\"}";
        });
    }

    /** OPRO's sampler: the first proposal of a step drops the output format, the second reads no input, the rest improve. */
    private String opro(String user) {
        int sample = Integer.parseInt(user.replaceAll("(?s).*This is proposal (\\d+) of this step.*", "$1"));
        int n = proposals.incrementAndGet();
        return switch (sample) {
            case 1 -> proposal("Classify the review, number " + n + ".");
            case 2 -> proposal("Classify the review by {{ reviewer }}, number " + n + ".\n{{ output_format }}");
            default -> proposal("Classify the review; think step by step, number " + n + ".\n{{ output_format }}");
        };
    }

    private static String proposal(String instruction) {
        return "{\"instruction\": \"" + instruction.replace("\n", "\\n") + "\"}";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static final String[] POSITIVE = { "I love this kettle", "great battery life", "works as promised", "lovely colour",
            "fast delivery and it works", "my kids adore it", "sturdy and well made", "exactly what I needed", "would buy again", "five stars" };
    private static final String[] NEGATIVE = { "it broke after a week", "awful smell", "I want a refund", "the lid broke", "awful customer service",
            "refund please, it leaks", "broke on arrival", "awful fit", "asked for a refund twice", "the handle broke off" };

    private Path file() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            rows.append("{\"review\": \"").append(POSITIVE[i % 10]).append(" (").append(i).append(")\", \"expected\": {\"label\": \"POSITIVE\"}}\n");
            rows.append("{\"review\": \"").append(NEGATIVE[i % 10]).append(" (").append(i).append(")\", \"expected\": {\"label\": \"NEGATIVE\"}}\n");
        }
        Files.writeString(dir.resolve("reviews.jsonl"), rows);
        return Files.writeString(dir.resolve("classify.pstudio"), """
                namespace shop

                profile fake {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "gpt-4o-mini"
                  temperature = 0
                }

                enum Label { POSITIVE, NEGATIVE }

                class Verdict {
                  label: Label
                }

                /** Sorts reviews for the support team. */
                prompt Classify(review: string) -> Verdict using fake {
                  system \"""
                    Classify the review.
                    {{ output_format }}
                  \"""
                  user "{{ review }}"
                }

                test Loved for Classify {
                  input {
                    review = "I love it"
                  }
                  expect {
                    output.label == Label.POSITIVE
                  }
                }

                dataset Reviews for Classify from "reviews.jsonl"

                eval Accuracy {
                  prompts Classify
                  dataset Reviews
                  assert {
                    right: output.label == expected.label
                  }
                }
                """.formatted(server.endpoint()));
    }

    private record Setup(LanguageWorkspace workspace, CandidateWorkspace candidates, Optimizer optimizer, OptimizeStore store) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            store.close();
        }
    }

    private Setup setup() throws Exception {
        Path file = file();
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        assertEquals(List.of(), new LanguageChecker().check(workspace).stream().filter(d -> d.severity() == Severity.ERROR).map(Object::toString)
                .toList());
        workspace.resources().values().forEach(EcoreUtil::resolveAll);
        CandidateWorkspace candidates = new CandidateWorkspace(workspace, workspace.prompt("Classify"));
        EvalSuite suite = EvalSuite.of(workspace, workspace.model(file).orElseThrow().getElements().stream()
                .filter(io.promptstudio.dsl.promptStudio.Eval.class::isInstance).map(io.promptstudio.dsl.promptStudio.Eval.class::cast).findFirst()
                .orElseThrow());
        PromptRuns runs = PromptRuns.builder().catalog(candidates.catalog()).recorder(RunRecorder.openingEachTime(() -> dir.resolve("history")))
                .keys(variable -> null).build();
        OptimizeStore store = OptimizeStore.open(dir.resolve("optimize"));
        Optimizer optimizer = new Optimizer(candidates, suite, runs, workspace.languageInjector().getInstance(ExpectationEvaluator.class), store, 4,
                false, null);
        return new Setup(workspace, candidates, optimizer, store);
    }

    private static OptimizeSettings settings(OptimizeSettings.Method method) {
        return OptimizeSettings.defaults(method).withShape(2, 4, 10).withSeed(7);
    }

    @ParameterizedTest
    @EnumSource(OptimizeSettings.Method.class)
    void eachMethodFindsTheInstructionOrExamplesThatWorkAndTheTestSplitShowsIt(OptimizeSettings.Method method) throws Exception {
        try (Setup setup = setup()) {
            OptimizeSettings settings = settings(method);
            OptimizeOutcome.Estimate estimate = setup.optimizer().estimate(settings);
            OptimizeOutcome outcome = setup.optimizer().run(settings, Optimizer.Listener.NONE, Cancellation.none());
            assertEquals(OptimizeStore.FINISHED, outcome.status(), String.valueOf(outcome.stopReason()));
            assertEquals(0.5, outcome.start().validation(), 0.2, "the prompt as written is right about half the time");
            Scored best = outcome.best();
            assertNotEquals(0, best.number(), "a candidate beat the prompt as written: " + outcome.candidates());
            if (method == OptimizeSettings.Method.FEWSHOT) {
                assertTrue(best.candidate().demos().size() >= 2, best.toString());
                assertEquals(outcome.start().candidate().instruction(), best.candidate().instruction());
            } else {
                assertTrue(best.candidate().instruction().contains("step by step"), best.candidate().instruction());
            }
            assertEquals(1.0, best.validation(), 1e-9);
            EvalOutcome.Comparison comparison = outcome.comparison();
            assertNotNull(comparison, "the best was tested against the start");
            assertEquals(outcome.split().test().size(), comparison.pairs());
            assertTrue(outcome.improved(), "the test split's interval excludes zero: " + comparison.interval());
            double ratio = (double) outcome.spent().calls() / estimate.calls();
            assertTrue(ratio > 0.8 && ratio <= 1.2, method + ": estimated " + estimate.calls() + " calls, made " + outcome.spent().calls());
            String text = setup.candidates().shape().fileWith(best.candidate());
            Path adopted = Files.writeString(dir.resolve("classify.pstudio"), text);
            LanguageWorkspace again = LanguageWorkspace.load(List.of(adopted));
            assertEquals(List.of(), new LanguageChecker().check(again).stream().filter(d -> d.severity() == Severity.ERROR).map(Object::toString)
                    .toList(), text);
        }
    }

    @Test
    void theSplitsAreDisjointAndCoverEveryRowAndTheSameSeedGivesTheSameSplit() throws Exception {
        try (Setup setup = setup()) {
            OptimizeOutcome.Split split = setup.optimizer().split(settings(OptimizeSettings.Method.OPRO));
            List<Integer> all = new ArrayList<>(split.train());
            all.addAll(split.validation());
            all.addAll(split.test());
            assertEquals(100, all.size());
            assertEquals(100, all.stream().distinct().count());
            assertEquals(List.of(60, 20, 20), List.of(split.train().size(), split.validation().size(), split.test().size()));
            assertTrue(split.train().containsAll(split.batch()));
            assertEquals(split, setup.optimizer().split(settings(OptimizeSettings.Method.OPRO)));
            assertNotEquals(split, setup.optimizer().split(settings(OptimizeSettings.Method.OPRO).withSeed(8)));
        }
    }

    @Test
    void candidatesTheLanguageRejectsAreCountedAndDroppedWithTheReason() throws Exception {
        try (Setup setup = setup()) {
            OptimizeOutcome outcome = setup.optimizer().run(settings(OptimizeSettings.Method.OPRO), Optimizer.Listener.NONE, Cancellation.none());
            List<Scored> dropped = outcome.candidates().stream().filter(each -> !each.valid()).toList();
            assertEquals(4, dropped.size(), "two steps, each with one proposal dropping the output format and one reading no input");
            assertTrue(dropped.stream().anyMatch(each -> each.problem().equals("the instruction no longer reads {{ output_format }}")),
                    dropped.toString());
            assertTrue(dropped.stream().anyMatch(each -> each.problem().startsWith("the language rejects it:") && each.problem().contains("reviewer")),
                    dropped.toString());
            assertEquals(4, outcome.invalid());
            assertTrue(dropped.stream().allMatch(each -> each.fitness() == null && each.prompt() == null));
        }
    }

    @Test
    void aRunStoppedByItsBudgetResumesAsTheSameRunWithoutAskingAgain() throws Exception {
        OptimizeOutcome whole;
        try (Setup setup = setup()) {
            whole = setup.optimizer().run(settings(OptimizeSettings.Method.GA), Optimizer.Listener.NONE, Cancellation.none());
        }
        Files.delete(dir.resolve("optimize.mv.db"));
        proposals.set(0);
        try (Setup setup = setup()) {
            OptimizeOutcome cut = setup.optimizer().run(settings(OptimizeSettings.Method.GA).withBudget(60L, null, null), Optimizer.Listener.NONE,
                    Cancellation.none());
            assertEquals(OptimizeStore.STOPPED, cut.status());
            assertTrue(cut.stopReason().contains("60 calls"), cut.stopReason());
            assertTrue(cut.spent().calls() >= 60 && cut.spent().calls() < whole.spent().calls(), cut.spent().toString());
            int classifiedBefore = classifications.get();
            int proposedBefore = proposals.get();
            OptimizeOutcome resumed = setup.optimizer().resume(cut.runId(), null, null, null, Optimizer.Listener.NONE, Cancellation.none());
            assertEquals(OptimizeStore.FINISHED, resumed.status(), String.valueOf(resumed.stopReason()));
            assertEquals(cut.runId(), resumed.runId());
            assertEquals(whole.candidates().stream().map(each -> each.candidate().instruction()).toList(),
                    resumed.candidates().stream().map(each -> each.candidate().instruction()).toList(), "the same run as one never stopped");
            assertEquals(whole.best().candidate(), resumed.best().candidate());
            assertEquals(whole.spent().calls(), resumed.spent().calls(), "the resumed run counts what the stopped one spent, and asks nothing twice");
            assertEquals(whole.spent().calls() - cut.spent().calls(), classifications.get() - classifiedBefore + proposals.get() - proposedBefore);
            assertThrows(IllegalArgumentException.class, () -> setup.optimizer().resume(cut.runId(), null, null, null, Optimizer.Listener.NONE, Cancellation.none()),
                    "a finished run does not resume");
        }
    }

    @Test
    void aCandidateIsItsOwnCheckedPromptAndOnlyItsInstructionAndDemosChange() throws Exception {
        try (Setup setup = setup()) {
            CandidateWorkspace candidates = setup.candidates();
            Candidate edited = candidates.shape().start().withInstruction("Classify the review step by step.\n{{ output_format }}")
                    .withDemos(List.of(new Candidate.Demo("great kettle", "{\"label\": \"POSITIVE\"}")));
            CandidateWorkspace.Admission admission = candidates.admit(edited);
            assertTrue(admission.valid(), admission.problem());
            assertEquals("shop.Classify", candidates.admit(candidates.shape().start()).prompt());
            String text = candidates.candidateText(edited);
            assertTrue(text.startsWith("namespace promptstudio.candidate.c"), text);
            assertTrue(text.contains("import shop.*"), text);
            assertTrue(text.contains("prompt Classify(review: string) -> Verdict using fake {"), text);
            assertTrue(text.contains("""
                      system \"""
                        Classify the review step by step.
                        {{ output_format }}
                      \"""
                      user \"""
                        great kettle
                      \"""
                      assistant \"""
                        {"label": "POSITIVE"}
                      \"""
                      user "{{ review }}"
                    }"""), text);
            assertFalse(candidates.admit(edited.withInstruction("Say \"\"\" and stop. {{ output_format }}")).valid());
            assertEquals("a demonstration holds template syntax or \"\"\"", candidates.admit(edited.withDemos(List.of(new Candidate.Demo(
                    "{{ review }}", "x")))).problem());
        }
    }
}
