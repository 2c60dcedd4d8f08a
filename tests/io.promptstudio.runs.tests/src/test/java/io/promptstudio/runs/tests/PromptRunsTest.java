package io.promptstudio.runs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.Cancellation;
import io.promptstudio.runs.PromptCatalog;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunCache;
import io.promptstudio.runs.RunException;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRecorder;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.search.cache.CacheSettings;
import io.promptstudio.search.cache.SemanticCache;
import io.promptstudio.search.embed.MiniLmEmbedder;
import io.promptstudio.store.HistoryException;
import io.promptstudio.store.RunHistory;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one run path, end to end: prompt files loaded by the language, a provider speaking OpenAI's protocol on a
 * loopback port, and a real H2 history and semantic cache on disk.
 */
class PromptRunsTest {

    @TempDir
    Path dir;

    private FakeProviderServer server;
    private Path historyFile;
    private LanguageWorkspace workspace;

    @BeforeEach
    void prompts() throws Exception {
        server = new FakeProviderServer();
        historyFile = dir.resolve("history");
        Path file = Files.writeString(dir.resolve("sentiment.pstudio"), """
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
                  seed = 7
                }

                profile warm extends local_fake {
                  temperature = 0.7
                }

                profile hosted {
                  provider = "openai"
                  model = "gpt-4o-mini"
                }

                prompt Classify(review: string) -> Reading using local_fake {
                  system "Classify the review. {{ output_format }}"
                  user "{{ review }}"
                }

                prompt Loose(review: string) -> string {
                  user "{{ review }}"
                }
                """.formatted(server.endpoint()));
        workspace = LanguageWorkspace.load(List.of(file));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PromptRuns.Builder runs() {
        return PromptRuns.builder().catalog(PromptCatalog.of(workspace)).recorder(RunRecorder.openingEachTime(() -> historyFile))
                .keys(variable -> null);
    }

    /** The id and status of each run in the history file. */
    private List<String> recorded() throws HistoryException {
        try (RunHistory history = RunHistory.open(historyFile)) {
            return history.query(new RunHistory.Query(null, null, null, null, 100)).stream().map(run -> run.id() + " " + run.status()).toList();
        }
    }

    @Test
    void aRunIsRenderedSentParsedPricedAndRecordedAndObserversHearOfIt() throws Exception {
        server.answer("gpt-4o-mini", "{\"sentiment\": \"negative\", \"confidence\": 0.9}", 1000, 200);
        PromptRuns runs = runs().build();
        List<RunRecord> observed = new CopyOnWriteArrayList<>();
        runs.addObserver(observed::add);

        RunRecord run = runs.run(RunRequest.of("Classify", Map.of("review", "Broke in a day")), RunListener.NONE, Cancellation.none());

        assertEquals(RunRecord.SUCCEEDED, run.status(), run.errorMessage());
        assertEquals("{\"sentiment\":\"NEGATIVE\",\"confidence\":0.9}", run.outputJson());
        assertEquals("local_fake", run.profile());
        assertEquals(0, new BigDecimal("0.00027").compareTo(run.cost()), String.valueOf(run.cost()));
        assertEquals(RunRecord.NOT_CACHED, run.cacheStatus());
        var sent = server.received().get(0).json();
        assertEquals("Broke in a day", sent.get("messages").get(1).get("content").asText());
        assertEquals(7, sent.get("seed").asInt());
        assertEquals(List.of(run.id() + " " + run.status()), recorded());
        assertEquals(List.of(run), observed);
    }

    @Test
    void aProfilesRequestsPerMinuteMakeTheNextRunWaitItsTurnAndTheSettingIsChecked() throws Exception {
        server.answer("gpt-4o-mini", "{\"sentiment\": \"negative\", \"confidence\": 0.9}", 10, 5);
        server.answer("gpt-4o-mini", "{\"sentiment\": \"positive\", \"confidence\": 0.9}", 10, 5);
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        io.github.bucket4j.TimeMeter clock = new io.github.bucket4j.TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return now.get();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        PromptRuns runs = runs().rateLimits(new io.promptstudio.runs.RateLimits(clock, now::addAndGet)).build();
        RunRequest slow = RunRequest.of("Classify", Map.of("review", "Broke")).withOverrides(Map.of("requests_per_minute", "1"));
        assertEquals(RunRecord.SUCCEEDED, runs.run(slow, RunListener.NONE, Cancellation.none()).status());
        assertEquals(0, now.get());
        assertEquals(RunRecord.SUCCEEDED, runs.run(slow, RunListener.NONE, Cancellation.none()).status());
        assertEquals(60_000_000_000L, now.get(), 1_000_000, "one a minute: the second run waited the minute before it was sent");
        assertEquals(2, server.received().size());

        RunException bad = org.junit.jupiter.api.Assertions.assertThrows(RunException.class, () -> runs.run(RunRequest.of("Classify",
                Map.of("review", "x")).withOverrides(Map.of("requests_per_minute", "lots")), RunListener.NONE, Cancellation.none()));
        assertEquals(RunException.Kind.SETTINGS, bad.kind());
    }

    @Test
    void overridesAndTheEndpointPreferenceGoOverTheProfile() throws Exception {
        server.answer("gpt-4o-mini", "fine", 3, 1);
        PromptRuns runs = runs().endpoints(provider -> provider.equals("openai-compatible") ? server.endpoint() : null).build();
        RunRequest request = RunRequest.of("Loose", Map.of("review", "ok")).withProfile("local_fake")
                .withOverrides(Map.of("temperature", " 0.5 ", "seed", "", "max_tokens", "12"));

        assertEquals(new BigDecimal("0.5"), runs.settings(request).temperature());
        RunRecord run = runs.run(request, RunListener.NONE, Cancellation.none());

        assertEquals("\"fine\"", run.outputJson());
        var sent = server.received().get(0).json();
        assertEquals(0.5, sent.get("temperature").asDouble());
        assertEquals(7, sent.get("seed").asInt(), "a blank override keeps the profile's value");
        assertEquals(12, sent.path("max_tokens").asInt(sent.path("max_completion_tokens").asInt()));
    }

    @Test
    void settingsThatCannotBeResolvedAreRefusedBeforeAnythingIsSentOrRecorded() throws Exception {
        PromptRuns runs = runs().build();

        RunException none = assertThrows(RunException.class,
                () -> runs.run(RunRequest.of("Loose", Map.of("review", "x")), RunListener.NONE, Cancellation.none()));
        assertEquals(RunException.Kind.NO_PROFILE, none.kind());
        assertEquals("prompt Loose names no profile (using …)", none.getMessage());

        RunException unknown = assertThrows(RunException.class,
                () -> runs.run(RunRequest.of("Classify", Map.of("review", "x")).withProfile("nope"), RunListener.NONE, Cancellation.none()));
        assertEquals(RunException.Kind.SETTINGS, unknown.kind());
        assertEquals("no profile named 'nope'; profiles: hosted, local_fake, warm", unknown.getMessage());

        RunException notANumber = assertThrows(RunException.class, () -> runs.settings(
                RunRequest.of("Classify", Map.of("review", "x")).withOverrides(Map.of("seed", "seven"))));
        assertEquals(RunException.Kind.SETTINGS, notANumber.kind());

        ArgumentException missing = assertThrows(ArgumentException.class,
                () -> runs.run(RunRequest.of("Classify", Map.of()), RunListener.NONE, Cancellation.none()));
        assertEquals(List.of("review: required parameter of type string is not given"), missing.problems());

        assertTrue(server.received().isEmpty());
        assertFalse(Files.exists(historyFile.resolveSibling("history.mv.db")), "nothing was recorded");
    }

    @Test
    void aRunThatCannotReachItsProviderIsAFailedRunAndIsRecorded() throws Exception {
        RunRecord run = runs().build().run(RunRequest.of("Classify", Map.of("review", "x")).withProfile("hosted"), RunListener.NONE,
                Cancellation.none());

        assertEquals(RunRecord.FAILED, run.status());
        assertEquals("missing-key", run.errorKind());
        assertEquals(64, run.promptHash().length(), "the record names the prompt's version");
        assertTrue(server.received().isEmpty());
        assertEquals(List.of(run.id() + " " + run.status()), recorded());
    }

    @Test
    void cancellingStopsTheCallRecordsTheRunAndLeavesTheCallerUninterrupted() throws Exception {
        server.slowly(Duration.ofSeconds(30), 200, "{}");
        PromptRuns runs = runs().build();
        Cancellation cancellation = new Cancellation();
        CompletableFuture<RunRecord> running = CompletableFuture.supplyAsync(() -> {
            try {
                RunRecord run = runs.run(RunRequest.of("Classify", Map.of("review", "x")), RunListener.NONE, cancellation);
                assertFalse(Thread.currentThread().isInterrupted(), "the thread that records is never the one interrupted");
                return run;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.received().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, server.received().size(), "the request reached the provider");
        cancellation.cancel();

        RunRecord run = running.get(10, TimeUnit.SECONDS);
        assertEquals(RunRecord.FAILED, run.status());
        assertEquals("cancelled", run.errorKind(), run.errorMessage());
        assertEquals(List.of(run.id() + " " + run.status()), recorded());
    }

    @Test
    void theCacheAnswersARepeatedRunWithoutCallingTheProviderAndRecordsTheHit() throws Exception {
        server.answer("gpt-4o-mini", "{\"sentiment\": \"POSITIVE\", \"confidence\": 0.95}", 100, 20);
        Path cacheFile = dir.resolve("cache");
        PromptRuns runs = runs().caches(RunCache.semantic(() -> SemanticCache.open(cacheFile, MiniLmEmbedder.shared(),
                CacheSettings.defaults(), Clock.systemUTC()))).build();
        RunRequest request = RunRequest.of("Classify", Map.of("review", "Love it")).withCache(CacheUse.standard());
        List<String> notes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void text(String piece) {
                texts.add(piece);
            }

            @Override
            public void cacheNote(String note, boolean consulted) {
                notes.add(note + (consulted ? "" : " [not consulted]"));
            }
        };

        RunRecord first = runs.run(request, listener, Cancellation.none());
        texts.clear();
        RunRecord second = runs.run(request, listener, Cancellation.none());

        assertEquals(1, server.received().size(), "the second run was answered from the cache");
        assertEquals(RunRecord.NOT_CACHED, first.cacheStatus());
        assertEquals("exact-hit", second.cacheStatus());
        assertEquals(first.outputJson(), second.outputJson());
        assertEquals(0, BigDecimal.ZERO.compareTo(second.cost()));
        assertEquals(first.promptHash(), second.promptHash());
        assertEquals("cache: miss; the answer is stored", notes.get(0));
        assertTrue(notes.get(1).startsWith("cache: hit (the same input, answered "), notes.get(1));
        assertEquals(List.of("{\n  \"sentiment\" : \"POSITIVE\",\n  \"confidence\" : 0.95\n}"), texts);
        assertEquals(2, recorded().size());

        RunRecord warm = runs.run(request.withProfile("warm"), listener, Cancellation.none());
        assertEquals(RunRecord.FAILED, warm.status(), "no answer queued: the warm profile went to the provider");
        assertTrue(notes.get(2).startsWith("cache: not used: ") && notes.get(2).endsWith("[not consulted]"), notes.get(2));
    }

    @Test
    void aHistoryThatCannotBeWrittenIsReportedAfterTheRun() throws Exception {
        server.answer("gpt-4o-mini", "fine", 3, 1);
        PromptRuns runs = PromptRuns.builder().catalog(PromptCatalog.of(workspace)).keys(variable -> null).recorder((run, source) -> {
            throw new HistoryException("cannot write the run history /nowhere: disk full", null);
        }).build();

        RunException failure = assertThrows(RunException.class,
                () -> runs.run(RunRequest.of("Loose", Map.of("review", "x")).withProfile("local_fake"), RunListener.NONE, Cancellation.none()));
        assertEquals(RunException.Kind.HISTORY, failure.kind());
        assertEquals("cannot write the run history /nowhere: disk full", failure.getMessage());
        assertEquals(1, server.received().size());
    }

    @Test
    void aCacheRequestOnARunnerWithoutACacheIsRefused() {
        RunException failure = assertThrows(RunException.class, () -> runs().build().run(
                RunRequest.of("Classify", Map.of("review", "x")).withCache(CacheUse.standard()), RunListener.NONE, Cancellation.none()));
        assertEquals(RunException.Kind.CACHE, failure.kind());
        assertTrue(server.received().isEmpty());
    }
}
