package io.promptstudio.eval.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.EvalStore;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.eval.Resumption;
import io.promptstudio.store.HistoryException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval store on a real H2 file: cases kept as they come and read back whole, runs listed, bad files refused untouched. */
class EvalStoreTest {

    @TempDir
    Path dir;

    private static EvalSuite suite(String name) {
        return new EvalSuite(name, List.of(new EvalSuite.Variant("reviews.Careful", null)), null, null, null, List.of(), 2, 1, 1, null,
                null, "eval " + name, null);
    }

    @Test
    void casesAreKeptAsTheyComeAndAResumptionKnowsWhichAreDone() throws Exception {
        EvalSuite.Variant careful = new EvalSuite.Variant("reviews.Careful", null);
        EvalSuite.Variant warm = new EvalSuite.Variant("reviews.Careful", "warm");
        CaseResult failed = new CaseResult(7, "cases.jsonl:7", warm, 2, CaseResult.FAILED, 0.25,
                List.of(new CaseResult.Check("label", 0, "output.sentiment was \"POSITIVE\"")), "{\"sentiment\": \"POSITIVE\"}",
                "label: output.sentiment == expected.sentiment", new BigDecimal("0.0000125"), 412);
        CaseResult erred = new CaseResult(8, "cases.jsonl:8", careful, 1, CaseResult.ERROR, null, List.of(), null,
                "cases.jsonl:8:2: review: expected string, got 5", null, 0);
        String id;
        try (EvalStore store = EvalStore.open(dir.resolve("evals"))) {
            id = store.begin(suite("Quality"), "reviews.pstudio#Quality", "abc");
            store.record(id, failed);
            store.record(id, erred);
            store.record(id, erred);
        }
        try (EvalStore store = EvalStore.open(dir.resolve("evals"))) {
            EvalStore.StoredRun run = store.run(id).orElseThrow();
            assertEquals(EvalStore.RUNNING, run.status(), "not finished: a run to resume");
            assertEquals("abc", run.datasetFingerprint());
            assertEquals(2, run.repeat());
            Resumption resumption = store.resumption(id);
            assertEquals(2, resumption.count(), "a case kept twice is kept once");
            assertTrue(resumption.done(7, warm, 2));
            assertFalse(resumption.done(7, warm, 1));
            assertFalse(resumption.done(7, careful, 2));
            List<CaseResult> replayed = new ArrayList<>();
            resumption.replay(replayed::add);
            assertEquals(List.of(failed, erred), replayed, "read back as they were written");
            assertEquals(java.util.Map.of(CaseResult.ERROR, 1, CaseResult.FAILED, 1), store.counts(id));
        }
    }

    @Test
    void runsAreListedNewestFirstPerSuite() throws Exception {
        try (EvalStore store = EvalStore.open(dir.resolve("evals"))) {
            String first = store.begin(suite("A"), "a.pstudio#A", "1");
            Thread.sleep(5);
            String second = store.begin(suite("B"), "b.pstudio#B", "2");
            Thread.sleep(5);
            String third = store.begin(suite("A"), "a.pstudio#A", "1");
            assertEquals(List.of(third, first), store.runs("A", 10).stream().map(EvalStore.StoredRun::id).toList());
            assertEquals(List.of(third, second), store.runs(null, 2).stream().map(EvalStore.StoredRun::id).toList());
            assertTrue(store.run("nothing").isEmpty());
        }
    }

    @Test
    void opensOfANewFileAtTheSameTimeMakeItsSchemaOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path database = dir.resolve("together" + round);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> opened = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    try (EvalStore store = EvalStore.open(database)) {
                        return store.runs(null, 5).size();
                    }
                }));
            }
            start.countDown();
            for (var each : opened) {
                assertEquals(0, each.get(), "every open found the schema made, none failed making it again");
            }
            pool.shutdown();
        }
    }

    @Test
    void aFileThatIsNotAnEvalStoreIsRefusedAndLeftAsItWas() throws Exception {
        byte[] junk = new byte[8192];
        new Random(5).nextBytes(junk);
        Path file = dir.resolve("evals.mv.db");
        Files.write(file, junk);
        HistoryException refused = assertThrows(HistoryException.class, () -> EvalStore.open(dir.resolve("evals")));
        assertTrue(refused.getMessage().startsWith("cannot open the eval store " + file), refused.getMessage());
        assertArrayEquals(junk, Files.readAllBytes(file), "never touched");
    }
}
