package io.promptstudio.sync.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.crdt.Doc;
import io.promptstudio.crdt.Updates;
import io.promptstudio.sync.storage.StoreRecords.Append;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on real files: the log, its torn tail after a crash, compaction into the next generation, deletion. */
class H2DocumentStoreTest {

    @TempDir
    Path data;

    private static String text(StoreRecords.State state) {
        try (Doc doc = new Doc()) {
            if (state.snapshot() != null) {
                doc.applyUpdate(state.snapshot());
            }
            state.updates().forEach(doc::applyUpdate);
            return doc.text("source").toString();
        }
    }

    private static StoreRecords.AuditEntry entry(String tenant, String actor, String action, String workspace) {
        return new StoreRecords.AuditEntry(0, null, tenant, actor, action, workspace, "/api/v1/x", 200, "req-" + actor);
    }

    @Test
    void theAuditLogPagesNewestFirstKeepsTenantsApartAndAnOlderDatabaseGainsIt() throws Exception {
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false)) {
            store.recordAudit(entry("acme", "ann", "POST /a", "team"));
            store.recordAudit(entry("acme", "bob", "POST /b", null));
            store.recordAudit(entry("other", "eve", "POST /c", "team"));
            store.recordAudit(entry("acme", "cat", "DELETE /d", "team"));
            List<StoreRecords.AuditEntry> all = store.audit("acme", null, Long.MAX_VALUE, 10);
            assertEquals(List.of("cat", "bob", "ann"), all.stream().map(StoreRecords.AuditEntry::actor).toList());
            assertEquals("req-cat", all.get(0).requestId());
            assertTrue(all.get(0).id() > all.get(1).id() && all.get(0).at() != null);
            assertEquals(List.of("cat", "ann"), store.audit("acme", "team", Long.MAX_VALUE, 10).stream().map(StoreRecords.AuditEntry::actor).toList());
            List<StoreRecords.AuditEntry> first = store.audit("acme", null, Long.MAX_VALUE, 2);
            assertEquals(List.of("ann"), store.audit("acme", null, first.get(1).id(), 2).stream().map(StoreRecords.AuditEntry::actor).toList());
            assertEquals(List.of("eve"), store.audit("other", null, Long.MAX_VALUE, 10).stream().map(StoreRecords.AuditEntry::actor).toList());
        }
        // what a server of schema 2 left: no audit log
        try (var h2 = java.sql.DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("promptstudio-sync"));
                var statement = h2.createStatement()) {
            statement.execute("DROP TABLE audit_log");
            statement.execute("UPDATE schema_info SET version = 2");
        }
        try (H2DocumentStore reopened = H2DocumentStore.open(data, Clock.systemUTC(), false)) {
            assertEquals(List.of(), reopened.audit("acme", null, Long.MAX_VALUE, 10));
            reopened.recordAudit(entry("acme", "dan", "PUT /e", null));
            assertEquals(1, reopened.audit("acme", null, Long.MAX_VALUE, 10).size());
        }
        try (var h2 = java.sql.DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("promptstudio-sync"));
                var statement = h2.createStatement(); var rows = statement.executeQuery("SELECT version FROM schema_info")) {
            rows.next();
            assertEquals(H2DocumentStore.SCHEMA_VERSION, rows.getInt(1));
            assertFalse(rows.next(), "one schema row");
        }
    }

    @Test
    void aChangesEntryIsWrittenUnansweredAndSettledOnce() {
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false)) {
            long id = store.recordAudit(new StoreRecords.AuditEntry(0, null, "acme", "ann", "POST /a", null, "/a",
                    StoreRecords.AuditEntry.UNANSWERED, "req-a"));
            assertEquals(StoreRecords.AuditEntry.UNANSWERED, store.audit("acme", null, Long.MAX_VALUE, 1).get(0).status());
            store.settleAudit(id, 201, "team");
            store.settleAudit(id, 500, "other");
            StoreRecords.AuditEntry settled = store.audit("acme", null, Long.MAX_VALUE, 1).get(0);
            assertEquals(id, settled.id());
            assertEquals(201, settled.status(), "an answered entry is not rewritten");
            assertEquals("team", settled.workspace(), "the workspace the request turned out to name");
        }
    }

    @Test
    void pruningTheAuditLogDeletesOnlyEntriesOlderThanTheCutoff() {
        java.time.Instant now = java.time.Instant.parse("2026-12-02T12:00:00Z");
        try (H2DocumentStore old = H2DocumentStore.open(data, Clock.fixed(now.minus(java.time.Duration.ofDays(40)), java.time.ZoneOffset.UTC), false)) {
            old.recordAudit(entry("acme", "ann", "POST /a", null));
            old.recordAudit(entry("other", "eve", "POST /b", null));
        }
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.fixed(now, java.time.ZoneOffset.UTC), false)) {
            store.recordAudit(entry("acme", "bob", "POST /c", null));
            assertEquals(0, store.pruneAudit(now.minus(java.time.Duration.ofDays(41))));
            assertEquals(2, store.pruneAudit(now.minus(java.time.Duration.ofDays(30))), "both tenants' old entries");
            assertEquals(List.of("bob"), store.audit("acme", null, Long.MAX_VALUE, 10).stream().map(StoreRecords.AuditEntry::actor).toList());
            assertEquals(List.of(), store.audit("other", null, Long.MAX_VALUE, 10));
        }
    }

    @Test
    void appendedUpdatesLoadBackInOrderAndSurviveCompactionAndReopening() {
        List<byte[]> written = new ArrayList<>();
        long id;
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false); Doc doc = new Doc()) {
            id = store.createDocument(new DocumentKey("acme", "team", "doc"), "ann").orElseThrow().id();
            for (int i = 0; i < 10; i++) {
                written.add(doc.text("source").insert(i, Integer.toString(i)));
            }
            store.append(written.stream().map(update -> new Append(id, update)).toList());
            assertEquals("0123456789", text(store.load(id)));
            assertEquals(10, store.load(id).updates().size());
            long sizeBefore = store.document(new DocumentKey("acme", "team", "doc")).orElseThrow().sizeBytes();
            assertTrue(sizeBefore > 0, "the log counts in the size");

            store.compact(id);
            StoreRecords.State compacted = store.load(id);
            assertEquals(List.of(), compacted.updates(), "the log moved into the snapshot");
            assertArrayEquals(Updates.merge(written.toArray(byte[][]::new)), compacted.snapshot());
            assertFalse(Files.exists(data.resolve("logs/" + id + "-0.log")), "the old generation is deleted");
            store.append(List.of(new Append(id, doc.text("source").insert(10, "!"))));
        }
        try (H2DocumentStore reopened = H2DocumentStore.open(data, Clock.systemUTC(), true)) {
            assertEquals("0123456789!", text(reopened.load(id)));
        }
    }

    @Test
    void aSealedLogIsReadUntilItsCompactionCommitsAndAppendsGoOnMeanwhile() {
        long id;
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false); Doc doc = new Doc()) {
            id = store.createDocument(new DocumentKey("acme", "team", "doc"), "ann").orElseThrow().id();
            store.append(List.of(new Append(id, doc.text("source").insert(0, "sealed "))));
            store.sealLog(id);
            store.append(List.of(new Append(id, doc.text("source").insert(7, "after "))));
            // the process dies here: the compaction of the sealed log never committed
        }
        try (H2DocumentStore reopened = H2DocumentStore.open(data, Clock.systemUTC(), false); Doc doc = new Doc()) {
            StoreRecords.State state = reopened.load(id);
            assertEquals("sealed after ", text(state), "both generations are read");
            assertEquals(2, state.updates().size());
            state.updates().forEach(doc::applyUpdate);
            long sealed = reopened.sealLog(id);
            byte[] during = doc.text("source").insert(13, "during");
            reopened.append(List.of(new Append(id, during)));
            reopened.compact(id, sealed);
            StoreRecords.State compacted = reopened.load(id);
            assertEquals("sealed after during", text(compacted));
            assertEquals(1, compacted.updates().size(), "only the append made while compacting is left in a log");
            assertArrayEquals(during, compacted.updates().get(0));
        }
        try (var logs = java.nio.file.Files.list(data.resolve("logs"))) {
            assertEquals(List.of(id + "-2.log"), logs.map(file -> file.getFileName().toString()).toList(), "the sealed logs are deleted");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void concurrentCreatesOfOneWorkspaceOrDocumentMakeOneAndTellTheOthersItExists() throws Exception {
        // What the first burst of joins to a new workspace does: every loader finds no workspace and creates it.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false)) {
            for (int round = 0; round < 20; round++) {
                String workspace = "team" + round;
                DocumentKey key = new DocumentKey("acme", workspace, "doc");
                List<java.util.concurrent.Future<Boolean>> workspaces = new ArrayList<>();
                List<java.util.concurrent.Future<Boolean>> documents = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    workspaces.add(pool.submit(() -> store.createWorkspace("acme", workspace, "ann").isPresent()));
                    documents.add(pool.submit(() -> store.createDocument(key, "ann").isPresent()));
                }
                assertEquals(1, made(workspaces), "one of the concurrent creates made the workspace");
                assertEquals(1, made(documents), "one of the concurrent creates made the document");
                assertTrue(store.workspace("acme", workspace).isPresent());
                assertTrue(store.document(key).isPresent());
            }
        } finally {
            pool.shutdown();
        }
    }

    private static long made(List<java.util.concurrent.Future<Boolean>> creates) throws Exception {
        long made = 0;
        for (var create : creates) {
            if (create.get()) {
                made++;
            }
        }
        return made;
    }

    @Test
    void aTornRecordAtTheEndIsCutAndEverythingBeforeItKept() throws Exception {
        long id;
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false); Doc doc = new Doc()) {
            id = store.createDocument(new DocumentKey("acme", "team", "doc"), "ann").orElseThrow().id();
            store.append(List.of(new Append(id, doc.text("source").insert(0, "kept"))));
        }
        Path log = data.resolve("logs/" + id + "-0.log");
        long good = Files.size(log);
        // What a crash in the middle of a write leaves: a header that promises more bytes than there are.
        Files.write(log, new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 9, 9}, StandardOpenOption.APPEND);
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false)) {
            assertEquals("kept", text(store.load(id)));
            assertEquals(good, Files.size(log), "the torn tail is cut off");
        }
        // A flipped bit in a complete record fails its checksum: it and what follows are not served.
        byte[] bytes = Files.readAllBytes(log);
        bytes[bytes.length - 1] ^= 1;
        Files.write(log, bytes);
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false)) {
            assertEquals(List.of(), store.load(id).updates());
        }
    }

    @Test
    void aDamagedDatabaseIsRefusedWithWhatToDoAndLeftAsItIs() throws Exception {
        Path file = data.resolve("promptstudio-sync.mv.db");
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false)) {
            store.createWorkspace("acme", "team", "ann");
        }
        byte[] damaged = new byte[(int) Files.size(file)];
        new java.util.Random(7).nextBytes(damaged);
        Files.write(file, damaged);
        StorageException refused = assertThrows(StorageException.class, () -> H2DocumentStore.open(data, Clock.systemUTC(), false));
        assertTrue(refused.getMessage().startsWith("the database " + file.toAbsolutePath() + " is damaged; it was left as it is"),
                refused.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(file), "nothing was written over the damaged file");
    }

    @Test
    void deletingADocumentDropsItsLogAndLateAppendsForItAreSkipped() {
        try (H2DocumentStore store = H2DocumentStore.open(data, Clock.systemUTC(), false); Doc doc = new Doc()) {
            DocumentKey key = new DocumentKey("acme", "team", "doc");
            long gone = store.createDocument(key, "ann").orElseThrow().id();
            long kept = store.createDocument(new DocumentKey("acme", "team", "other"), "ann").orElseThrow().id();
            store.append(List.of(new Append(gone, doc.text("source").insert(0, "x"))));
            assertTrue(store.deleteDocument(key));
            assertFalse(Files.exists(data.resolve("logs/" + gone + "-0.log")));
            store.append(List.of(new Append(gone, doc.text("source").insert(0, "late")), new Append(kept, doc.text("source").insert(0, "ok"))));
            assertEquals(1, store.load(kept).updates().size(), "the other document's append is written");
            assertFalse(Files.exists(data.resolve("logs/" + gone + "-0.log")), "no log reappears for the deleted one");
        }
    }
}
