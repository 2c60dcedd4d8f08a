package io.promptstudio.sync.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The log in front of a real store: each document compacts at its own threshold, in both write modes. */
class GroupCommitLogTest {

    private static final int COMPACT_AFTER = 40;

    @TempDir
    Path data;

    @ParameterizedTest(name = "group commits: {0}")
    @ValueSource(booleans = {false, true})
    void aDocumentCompactsWhenItsLogReachesItsOwnThresholdAndNotBefore(boolean groupCommit) throws Exception {
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false);
                GroupCommitLog log = new GroupCommitLog(store, COMPACT_AFTER, groupCommit, nanos -> { });
                Doc doc = new Doc()) {
            long id = store.createDocument(new DocumentKey("acme", "team", "doc"), "ann").orElseThrow().id();
            long threshold = log.threshold(id);
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < threshold - 1; i++) {
                log.append(id, doc.text("source").insert(expected.length(), "a")).get(10, TimeUnit.SECONDS);
                expected.append('a');
            }
            log.flush().get(10, TimeUnit.SECONDS);
            assertEquals(threshold - 1, store.load(id).updates().size(), "one row short of the threshold: nothing merged");

            log.append(id, doc.text("source").insert(expected.length(), "b")).get(10, TimeUnit.SECONDS);
            expected.append('b');
            log.flush().get(10, TimeUnit.SECONDS);
            StoreRecords.State compacted = store.load(id);
            assertEquals(0, compacted.updates().size(), "the threshold's row triggers the compaction");
            assertNotNull(compacted.snapshot());
            try (Doc loaded = new Doc()) {
                loaded.applyUpdate(compacted.snapshot());
                assertEquals(expected.toString(), loaded.text("source").toString());
            }
        }
    }

    @Test
    void documentsCreatedTogetherCompactAtThresholdsSpreadOverHalfAsMuchAgain() throws Exception {
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false);
                GroupCommitLog log = new GroupCommitLog(store, COMPACT_AFTER, false, nanos -> { })) {
            Set<Long> thresholds = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                long id = store.createDocument(new DocumentKey("acme", "team", "doc-" + i), "ann").orElseThrow().id();
                long threshold = log.threshold(id);
                assertTrue(threshold >= COMPACT_AFTER && threshold <= COMPACT_AFTER * 3 / 2, "threshold " + threshold);
                assertEquals(threshold, log.threshold(id), "a document keeps its threshold");
                thresholds.add(threshold);
            }
            assertTrue(thresholds.size() >= 10, "20 consecutive documents share few thresholds: " + thresholds);
        }
    }
}
