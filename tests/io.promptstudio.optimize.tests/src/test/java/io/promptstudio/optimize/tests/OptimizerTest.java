package io.promptstudio.optimize.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.promptstudio.tests.support.providers.OptimizerAnswers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every method against a provider speaking OpenAI's protocol on a loopback port, whose answers depend on the prompt
 * in known ways ({@link OptimizerAnswers}): the classifier is right only when told to think step by step or shown two
 * worked examples, and the optimizers' operators sometimes bring that in and sometimes break the prompt.
 */
class OptimizerTest {

    @TempDir
    Path dir;

    private FakeProviderServer server;
    private final OptimizerAnswers answers = new OptimizerAnswers();

    @BeforeEach
    void provider() throws Exception {
        server = new FakeProviderServer();
        server.answering("gpt-4o-mini", answers::answer);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Setup(LanguageWorkspace workspace, CandidateWorkspace candidates, Optimizer optimizer, OptimizeStore store) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            store.close();
        }
    }

    private Setup setup() throws Exception {
        Path file = OptimizerAnswers.writeWorkspace(dir, server.endpoint());
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
        answers.proposals().set(0);
        try (Setup setup = setup()) {
            OptimizeOutcome cut = setup.optimizer().run(settings(OptimizeSettings.Method.GA).withBudget(60L, null, null), Optimizer.Listener.NONE,
                    Cancellation.none());
            assertEquals(OptimizeStore.STOPPED, cut.status());
            assertTrue(cut.stopReason().contains("60 calls"), cut.stopReason());
            assertTrue(cut.spent().calls() >= 60 && cut.spent().calls() < whole.spent().calls(), cut.spent().toString());
            int classifiedBefore = answers.classifications().get();
            int proposedBefore = answers.proposals().get();
            OptimizeOutcome resumed = setup.optimizer().resume(cut.runId(), null, null, null, Optimizer.Listener.NONE, Cancellation.none());
            assertEquals(OptimizeStore.FINISHED, resumed.status(), String.valueOf(resumed.stopReason()));
            assertEquals(cut.runId(), resumed.runId());
            assertEquals(whole.candidates().stream().map(each -> each.candidate().instruction()).toList(),
                    resumed.candidates().stream().map(each -> each.candidate().instruction()).toList(), "the same run as one never stopped");
            assertEquals(whole.best().candidate(), resumed.best().candidate());
            assertEquals(whole.spent().calls(), resumed.spent().calls(), "the resumed run counts what the stopped one spent, and asks nothing twice");
            assertEquals(whole.spent().calls() - cut.spent().calls(), answers.classifications().get() - classifiedBefore + answers.proposals().get() - proposedBefore);
            assertThrows(IllegalArgumentException.class, () -> setup.optimizer().resume(cut.runId(), null, null, null, Optimizer.Listener.NONE, Cancellation.none()),
                    "a finished run does not resume");
        }
    }

    @Test
    void aProviderThatCannotAnswerStopsTheRunWithoutKeepingZerosAndAResumeScoresAgain() throws Exception {
        try (Setup setup = setup()) {
            for (int i = 0; i < 10; i++) {
                server.reply(401, "{\"error\": {\"message\": \"invalid api key\"}}", java.util.Map.of());
            }
            OptimizeOutcome refused = setup.optimizer().run(settings(OptimizeSettings.Method.OPRO), Optimizer.Listener.NONE, Cancellation.none());
            assertEquals(OptimizeStore.STOPPED, refused.status());
            assertTrue(refused.stopReason().startsWith("no case of shop.Classify could be run"), refused.stopReason());
            assertTrue(setup.store().score(refused.runId(), setup.candidates().shape().start().key(), "batch").isEmpty(),
                    "no score of 0 was kept for the start");
            OptimizeOutcome resumed = setup.optimizer().resume(refused.runId(), null, null, null, Optimizer.Listener.NONE, Cancellation.none());
            assertEquals(OptimizeStore.FINISHED, resumed.status(), String.valueOf(resumed.stopReason()));
            assertEquals(0.6, resumed.start().fitness(), 0.2);
            assertTrue(resumed.improved());
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
                      // the review itself, as the customer wrote it
                      user "{{ review }}"
                    }"""), text);
            assertFalse(candidates.admit(edited.withInstruction("Say \"\"\" and stop. {{ output_format }}")).valid());
            String adopted = candidates.shape().fileWith(edited);
            assertEquals(candidates.shape().fileText().replace("    Classify the review.\n", "    Classify the review step by step.\n")
                    .replace("\n  \"\"\"\n  // the review", "\n  \"\"\"\n  user \"\"\"\n    great kettle\n  \"\"\"\n  assistant \"\"\"\n"
                            + "    {\"label\": \"POSITIVE\"}\n  \"\"\"\n  // the review"), adopted, "every other character, the comment too, as written");
            assertEquals("a demonstration holds template syntax or \"\"\"", candidates.admit(edited.withDemos(List.of(new Candidate.Demo(
                    "{{ review }}", "x")))).problem());
        }
    }
}
