package io.promptstudio.chains.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.chains.ChainGraphExport;
import io.promptstudio.chains.ChainOutcome;
import io.promptstudio.chains.ChainRunner;
import io.promptstudio.chains.ChainStore;
import io.promptstudio.chains.StageResult;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.ExpectationEvaluator;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptCatalog;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunRecorder;
import io.promptstudio.store.RunHistory;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains run end to end: the language loads them, every prompt goes through the run path to a provider speaking
 * OpenAI's protocol on a loopback port (answering by the request's system message), each stage's result is kept in a
 * real H2 chain store, and a run that fails mid-way is resumed from the failed stage.
 */
class ChainRunnerTest {

    @TempDir
    Path dir;

    private FakeProviderServer server;
    private final AtomicInteger critiques = new AtomicInteger();
    private final AtomicBoolean combineBroken = new AtomicBoolean();
    private final AtomicInteger combines = new AtomicInteger();
    private final AtomicInteger chunks = new AtomicInteger();
    private final AtomicBoolean slow = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @BeforeEach
    void provider() throws Exception {
        server = new FakeProviderServer();
        server.answering("gpt-4o-mini", request -> {
            JsonNode messages = request.path("messages");
            String system = messages.get(0).path("content").asText();
            String user = messages.get(messages.size() - 1).path("content").asText();
            if (system.startsWith("Route")) {
                String route = user.contains("charged") ? "BILLING" : user.contains("down") ? "OUTAGE" : "GENERAL";
                return "{\"route\": \"" + route + "\", \"summary\": \"about: " + user.replace("\"", "") + "\"}";
            }
            if (system.startsWith("Billing")) {
                return "Billing reply to " + user;
            }
            if (system.startsWith("Outage")) {
                return "Outage reply to " + user;
            }
            if (system.startsWith("General")) {
                return "General reply to " + user;
            }
            if (system.startsWith("Chunk")) {
                chunks.incrementAndGet();
                if (slow.get()) {
                    int now = inFlight.incrementAndGet();
                    mostAtOnce.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
                return "{\"points\": [\"" + user.toUpperCase(java.util.Locale.ROOT) + "\"]}";
            }
            if (system.startsWith("Pair")) {
                return "{\"text\": \"paired\"}";
            }
            if (system.startsWith("Combine")) {
                combines.incrementAndGet();
                return combineBroken.get() ? "I cannot combine these." : "{\"text\": \"" + user.strip() + "\"}";
            }
            if (system.startsWith("Draft")) {
                return "{\"text\": \"draft one\"}";
            }
            if (system.startsWith("Critique")) {
                return "{\"score\": " + (critiques.incrementAndGet() >= 3 ? 5 : 2) + "}";
            }
            if (system.startsWith("Revise")) {
                return "{\"text\": \"revised after " + critiques.get() + "\"}";
            }
            return "unexpected";
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LanguageWorkspace workspace() throws Exception {
        Path file = Files.writeString(dir.resolve("chains.pstudio"), """
                profile fake {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "gpt-4o-mini"
                  temperature = 0
                }

                enum Route { BILLING, OUTAGE, GENERAL }

                class Routing {
                  route: Route
                  summary: string
                }

                class Points {
                  points: string[]
                }

                class Text {
                  text: string
                }

                class Score {
                  score: int
                }

                prompt RouteTicket(ticket: string) -> Routing using fake {
                  system "Route. {{ output_format }}"
                  user "{{ ticket }}"
                }

                prompt BillingReply(ticket: string, summary: string) -> string using fake {
                  system "Billing."
                  user "{{ summary }}"
                }

                prompt OutageReply(ticket: string, summary: string) -> string using fake {
                  system "Outage."
                  user "{{ summary }}"
                }

                prompt GeneralReply(ticket: string) -> string using fake {
                  system "General."
                  user "{{ ticket }}"
                }

                chain Triage(ticket: string) -> string {
                  stage routing = RouteTicket(ticket: ticket)
                  stage reply = branch {
                    when routing.route == Route.BILLING -> BillingReply(ticket: ticket, summary: routing.summary)
                    when routing.route == Route.OUTAGE -> OutageReply(ticket: ticket, summary: routing.summary)
                    else -> GeneralReply(ticket: ticket)
                  }
                  return reply
                }

                prompt Chunk(text: string) -> Points using fake {
                  system "Chunk. {{ output_format }}"
                  user "{{ text }}"
                }

                prompt Combine(parts: Points[]) -> Text using fake {
                  system "Combine. {{ output_format }}"
                  user "{%% for part in parts %%}{%% for point in part.points %%}{{ point }};{%% endfor %%}{%% endfor %%}"
                }

                chain MapReduce(chunks: string[]) -> Text {
                  stage parts = map chunk in chunks concurrency 2 -> Chunk(text: chunk)
                  stage summary = Combine(parts: parts)
                  return summary
                }

                prompt Pair(first: Points, second: Points) -> Text using fake {
                  system "Pair. {{ output_format }}"
                  user "{{ first.points }} {{ second.points }}"
                }

                chain Parallel(text: string) -> Text {
                  stage left = Chunk(text: text)
                  stage right = Chunk(text: text)
                  stage both = Pair(first: left, second: right)
                  return both
                }

                prompt Draft(topic: string) -> Text using fake {
                  system "Draft. {{ output_format }}"
                  user "{{ topic }}"
                }

                prompt Critique(answer: Text) -> Score using fake {
                  system "Critique. {{ output_format }}"
                  user "{{ answer.text }}"
                }

                prompt Revise(answer: Text, critique: Score) -> Text using fake {
                  system "Revise. {{ output_format }}"
                  user "{{ answer.text }} {{ critique.score }}"
                }

                chain Refined(topic: string) -> Text {
                  stage answer = refine Draft(topic: topic) {
                    critique Critique(answer: answer)
                    revise Revise(answer: answer, critique: critique)
                    until critique.score >= 4
                    max 5
                  }
                  return answer
                }

                chain Outer(topic: string) -> string {
                  stage inner = Refined(topic: topic)
                  stage reply = GeneralReply(ticket: inner.text)
                  return reply
                }
                """.formatted(server.endpoint()));
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        assertEquals(List.of(), new LanguageChecker().check(workspace).stream().filter(d -> d.severity() == Severity.ERROR)
                .map(Object::toString).toList());
        return workspace;
    }

    private ChainRunner runner(LanguageWorkspace workspace, ChainStore store) {
        PromptRuns runs = PromptRuns.builder().catalog(PromptCatalog.of(workspace)).recorder(RunRecorder.openingEachTime(() -> dir.resolve(
                "history"))).keys(variable -> null).build();
        return ChainRunner.builder().runs(runs).store(store).evaluator(workspace.languageInjector().getInstance(ExpectationEvaluator.class))
                .names(workspace::nameOf).build();
    }

    @Test
    void aBranchRunsTheArmWhoseConditionHoldsAndEveryStageIsKept() throws Exception {
        LanguageWorkspace workspace = workspace();
        String runId;
        try (ChainStore store = ChainStore.open(dir.resolve("chains"))) {
            ChainRunner chains = runner(workspace, store);
            ChainOutcome billing = chains.run(workspace.chain("Triage"), Map.of("ticket", "I was charged twice"), ChainRunner.Listener.NONE,
                    Cancellation.none());
            assertTrue(billing.succeeded(), String.valueOf(billing.error()));
            assertEquals("Billing reply to about: I was charged twice", billing.output());
            assertEquals(List.of("routing", "reply"), billing.stages().stream().map(StageResult::stage).toList());
            assertTrue(billing.stages().get(1).detail().startsWith("arm 1: when routing.route == Route.BILLING → BillingReply"),
                    billing.stages().get(1).detail());
            ChainOutcome other = chains.run(workspace.chain("Triage"), Map.of("ticket", "How do I log in?"), ChainRunner.Listener.NONE,
                    Cancellation.none());
            assertEquals("General reply to How do I log in?", other.output());
            assertEquals("else → GeneralReply", other.stages().get(1).detail());
            runId = billing.runId();
        }
        try (ChainStore store = ChainStore.open(dir.resolve("chains"))) {
            List<ChainStore.StoredStage> kept = store.stages(runId);
            assertEquals(List.of("routing", "reply"), kept.stream().map(each -> each.result().stage()).toList());
            StageResult routing = kept.get(0).result();
            assertEquals(StageResult.SUCCEEDED, routing.status());
            assertEquals("{\"ticket\":\"I was charged twice\"}", routing.inputJson());
            assertTrue(routing.outputJson().contains("\"route\":\"BILLING\""), routing.outputJson());
            assertEquals(1, routing.calls());
            assertEquals(ChainStore.SUCCEEDED, store.run(runId).orElseThrow().status());
            assertEquals(2, store.runs("Triage", 10).size());
            assertEquals(2, store.runs(null, 10).size());
            assertEquals(List.of(), store.runs("MapReduce", 10));
            try (RunHistory history = RunHistory.open(dir.resolve("history"))) {
                String historyId = routing.historyRuns().get(0);
                assertTrue(history.query(new RunHistory.Query("RouteTicket", null, null, null, 10)).stream()
                        .anyMatch(run -> run.id().equals(historyId)), "the stage's call is in the run history");
            }
        }
    }

    @Test
    void aMapRunsEveryItemInOrderAndAFailedReduceIsResumedWithoutRunningTheMapAgain() throws Exception {
        LanguageWorkspace workspace = workspace();
        List<String> items = List.of("one", "two", "three", "four", "five");
        combineBroken.set(true);
        try (ChainStore store = ChainStore.open(dir.resolve("chains"))) {
            ChainRunner chains = runner(workspace, store);
            ChainOutcome failed = chains.run(workspace.chain("MapReduce"), Map.of("chunks", items), ChainRunner.Listener.NONE,
                    Cancellation.none());
            assertEquals(ChainStore.FAILED, failed.status());
            assertTrue(failed.error().startsWith("stage summary failed: Combine: unparsable-output"), failed.error());
            assertEquals(5, chunks.get());
            StageResult parts = failed.stages().get(0);
            assertEquals(StageResult.SUCCEEDED, parts.status());
            assertEquals("[{\"points\":[\"ONE\"]},{\"points\":[\"TWO\"]},{\"points\":[\"THREE\"]},{\"points\":[\"FOUR\"]},{\"points\":[\"FIVE\"]}]",
                    parts.outputJson(), "in the items' order, whatever order they finished in");
            assertEquals(5, parts.calls());

            combineBroken.set(false);
            ChainOutcome resumed = chains.resume(workspace.chain("MapReduce"), failed.runId(), ChainRunner.Listener.NONE, Cancellation.none());
            assertTrue(resumed.succeeded(), String.valueOf(resumed.error()));
            assertEquals(failed.runId(), resumed.runId());
            assertEquals(5, chunks.get(), "the map's stored result was reused");
            assertEquals(2, combines.get());
            assertTrue(resumed.stages().get(0).reused());
            assertFalse(resumed.stages().get(1).reused());
            assertEquals(Map.of("text", "ONE;TWO;THREE;FOUR;FIVE;"), resumed.output());
            assertEquals(ChainStore.SUCCEEDED, store.run(failed.runId()).orElseThrow().status());

            List<ChainStore.StageStats> stats = store.stats("MapReduce", 10);
            assertEquals(List.of("*", "parts", "summary"), stats.stream().map(ChainStore.StageStats::stage).toList());
            assertEquals(1, stats.get(0).runs(), "the resumed run is one run");
            assertEquals(1.0, stats.get(2).successRate(), "the stage's kept result is the one that succeeded");
            assertEquals(1.0, stats.get(1).successRate());
        }
    }

    @Test
    void aRefinementRevisesUntilTheCritiqueIsSatisfiedAndAChainCallsAnother() throws Exception {
        LanguageWorkspace workspace = workspace();
        try (ChainStore store = ChainStore.open(dir.resolve("chains"))) {
            ChainOutcome refined = runner(workspace, store).run(workspace.chain("Refined"), Map.of("topic", "kettles"),
                    ChainRunner.Listener.NONE, Cancellation.none());
            assertTrue(refined.succeeded(), String.valueOf(refined.error()));
            assertEquals(Map.of("text", "revised after 2"), refined.output());
            assertEquals("2 revisions, then 'until' held", refined.stages().get(0).detail());
            assertEquals(6, refined.stages().get(0).calls(), "a draft, three critiques and two revisions");

            critiques.set(0);
            ChainOutcome outer = runner(workspace, store).run(workspace.chain("Outer"), Map.of("topic", "kettles"), ChainRunner.Listener.NONE,
                    Cancellation.none());
            assertTrue(outer.succeeded(), String.valueOf(outer.error()));
            assertEquals("General reply to revised after 2", outer.output());
            assertTrue(outer.stages().get(0).historyRuns().get(0).startsWith("chain:"), outer.stages().get(0).historyRuns().toString());
        }
    }

    @Test
    void independentStagesRunAtOnceAndAMapKeepsToItsConcurrencyAndTheRunnersLimit() throws Exception {
        LanguageWorkspace workspace = workspace();
        slow.set(true);
        try (ChainStore store = ChainStore.open(dir.resolve("chains"))) {
            ChainOutcome parallel = runner(workspace, store).run(workspace.chain("Parallel"), Map.of("text", "x"), ChainRunner.Listener.NONE,
                    Cancellation.none());
            assertTrue(parallel.succeeded(), String.valueOf(parallel.error()));
            assertEquals(2, mostAtOnce.get(), "the two stages that do not read each other were asked at the same time");

            mostAtOnce.set(0);
            ChainOutcome mapped = runner(workspace, store).run(workspace.chain("MapReduce"), Map.of("chunks", List.of("a", "b", "c", "d", "e",
                    "f")), ChainRunner.Listener.NONE, Cancellation.none());
            assertTrue(mapped.succeeded(), String.valueOf(mapped.error()));
            assertEquals(2, mostAtOnce.get(), "'concurrency 2': two items at a time, never more");

            mostAtOnce.set(0);
            PromptRuns runs = PromptRuns.builder().catalog(PromptCatalog.of(workspace)).recorder(RunRecorder.openingEachTime(() -> dir.resolve(
                    "history"))).keys(variable -> null).build();
            ChainRunner oneAtATime = ChainRunner.builder().runs(runs).store(store).concurrency(1).names(workspace::nameOf)
                    .evaluator(workspace.languageInjector().getInstance(ExpectationEvaluator.class)).build();
            assertTrue(oneAtATime.run(workspace.chain("Parallel"), Map.of("text", "x"), ChainRunner.Listener.NONE, Cancellation.none())
                    .succeeded());
            assertEquals(1, mostAtOnce.get(), "the runner's limit holds across stages");
        }
    }

    @Test
    void aCancelledRunStartsNoStageAndSaysSo() throws Exception {
        LanguageWorkspace workspace = workspace();
        try (ChainStore store = ChainStore.open(dir.resolve("chains"))) {
            Cancellation cancelled = Cancellation.none();
            cancelled.cancel();
            ChainOutcome outcome = runner(workspace, store).run(workspace.chain("Triage"), Map.of("ticket", "x"), ChainRunner.Listener.NONE,
                    cancelled);
            assertEquals(ChainStore.CANCELLED, outcome.status());
            assertEquals(List.of(StageResult.CANCELLED, StageResult.SKIPPED), outcome.stages().stream().map(StageResult::status).toList());
            assertEquals(0, server.received().size());
            assertEquals(ChainStore.CANCELLED, store.run(outcome.runId()).orElseThrow().status());
        }
    }

    @Test
    void badInputsAreRefusedBeforeAnythingRunsAndAnUnknownRunCannotBeResumed() throws Exception {
        LanguageWorkspace workspace = workspace();
        try (ChainStore store = ChainStore.open(dir.resolve("chains"))) {
            ChainRunner chains = runner(workspace, store);
            ArgumentException missing = assertThrows(ArgumentException.class, () -> chains.run(workspace.chain("Triage"), Map.of(),
                    ChainRunner.Listener.NONE, Cancellation.none()));
            assertEquals(List.of("ticket: required input of type string is not given"), missing.problems());
            ArgumentException wrong = assertThrows(ArgumentException.class, () -> chains.run(workspace.chain("MapReduce"), Map.of("chunks",
                    "not a list", "extra", 1), ChainRunner.Listener.NONE, Cancellation.none()));
            assertTrue(wrong.problems().get(0).contains("chain MapReduce has no input 'extra'"), wrong.problems().toString());
            assertEquals(2, wrong.problems().size(), wrong.problems().toString());
            assertThrows(IllegalArgumentException.class, () -> chains.resume(workspace.chain("Triage"), "nope", ChainRunner.Listener.NONE,
                    Cancellation.none()));
            assertEquals(0, server.received().size(), "nothing ran");
            assertEquals(List.of(), store.runs(null, 10));
        }
    }

    @Test
    void theGraphIsDrawnWithTypedEdgesAsDotMermaidAndWellFormedSvg() throws Exception {
        LanguageWorkspace workspace = workspace();
        String dot = ChainGraphExport.dot(workspace.chain("Triage"));
        assertTrue(dot.contains("in_ticket -> s_routing [label=\"string\"]"), dot);
        assertTrue(dot.contains("s_routing -> s_reply [label=\"Routing\"]"), dot);
        assertTrue(dot.contains("s_reply -> result [label=\"string\"]"), dot);
        assertTrue(dot.contains("s_reply [label=\"reply\\nbranch → string\\nBillingReply, OutageReply, GeneralReply\"]"), dot);
        String mermaid = ChainGraphExport.mermaid(workspace.chain("MapReduce"));
        assertTrue(mermaid.startsWith("flowchart TB\n"), mermaid);
        assertTrue(mermaid.contains("s_parts -->|\"Points[]\"| s_summary"), mermaid);
        String svg = ChainGraphExport.svg(workspace.chain("Outer"));
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getTagName());
        assertEquals(4, document.getElementsByTagName("rect").getLength(), "the input, two stages and the result");
    }

    @Test
    void aTypeErrorShowsOnTheEdgeItIsOn() throws Exception {
        Path file = Files.writeString(dir.resolve("misfit.pstudio"), """
                class Points {
                  points: string[]
                }

                prompt Chunk(text: string) -> Points {
                  user "{{ text }}"
                }

                prompt Reply(ticket: string) -> string {
                  user "{{ ticket }}"
                }

                chain Misfit(text: string) -> string {
                  stage parts = Chunk(text: text)
                  stage reply = Reply(ticket: parts)
                  return reply
                }
                """);
        LanguageWorkspace workspace = LanguageWorkspace.load(List.of(file));
        assertTrue(new LanguageChecker().check(workspace).stream().anyMatch(d -> d.code().equals("promptstudio.chain-type")));
        String dot = ChainGraphExport.dot(workspace.chain("Misfit"));
        assertTrue(dot.contains("s_parts -> s_reply [label=\"Points (does not fit)\", color=red, fontcolor=red]"), dot);
        assertTrue(dot.contains("in_text -> s_parts [label=\"string\"]"), "an edge that fits is drawn as usual: " + dot);
        var routes = ChainGraphExport.layout(workspace.chain("Misfit")).routes();
        assertEquals(List.of(true, false, true), routes.stream().map(ChainGraphExport.Route::fits).toList());
        assertTrue(ChainGraphExport.svg(workspace.chain("Misfit")).contains("stroke=\"#c62828\" marker-end=\"url(#misfit)\""));
    }
}
