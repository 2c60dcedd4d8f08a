package io.promptstudio.store.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.runtime.RunRecord;
import io.promptstudio.store.HistoryException;
import io.promptstudio.store.RunHistory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history is a real H2 file: runs survive a reopen, filters work, and a bad file is reported and left alone. */
class RunHistoryTest {

    @TempDir
    Path dir;

    static RunRecord run(String id, String prompt, String model, String status, Instant at, BigDecimal cost) {
        return RunRecord.builder().id(id).startedAt(at).prompt(prompt).promptHash("abc123").profile("deterministic").argumentsJson("{\"t\":\"x\"}")
                .provider("openai").requestedModel(model).returnedModel(model + "-2024").requestJson("{}").responseText("{\"a\":1}")
                .outputJson("{\"a\":1}").inputTokens(10).outputTokens(2).cost(cost).totalMillis(120L).status(status)
                .errorKind(status.equals(RunRecord.FAILED) ? "server" : null).errorMessage(status.equals(RunRecord.FAILED) ? "boom" : null).build();
    }

    @Test
    void runsArePersistedAndQueriedNewestFirst() throws Exception {
        Path file = dir.resolve("history");
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        try (RunHistory history = RunHistory.open(file)) {
            history.record(run("1", "support.Triage", "gpt-4o-mini", RunRecord.SUCCEEDED, now.minusSeconds(60), new BigDecimal("0.000012")));
            history.record(run("2", "support.Triage", "gpt-4o", RunRecord.FAILED, now, null));
            history.record(run("3", "billing.Extract", "gpt-4o-mini", RunRecord.SUCCEEDED, now.minusSeconds(30), null));
        }
        assertTrue(Files.exists(dir.resolve("history.mv.db")));
        try (RunHistory history = RunHistory.open(file)) {
            assertEquals(List.of("2", "3", "1"), ids(history.query(new RunHistory.Query(null, null, null, null, 10))));
            assertEquals(List.of("2", "1"), ids(history.query(new RunHistory.Query("Triage", null, null, null, 10))));
            assertEquals(List.of("3", "1"), ids(history.query(new RunHistory.Query(null, "gpt-4o-mini", null, null, 10))));
            assertEquals(List.of("2"), ids(history.query(new RunHistory.Query(null, null, RunRecord.FAILED, null, 10))));
            assertEquals(List.of("2", "3"), ids(history.query(new RunHistory.Query(null, null, null, now.minusSeconds(45), 10))));
            assertEquals(List.of("2"), ids(history.query(new RunHistory.Query(null, null, null, null, 1))));
            RunRecord first = history.query(new RunHistory.Query(null, null, RunRecord.SUCCEEDED, null, 10)).get(1);
            assertEquals(run("1", "support.Triage", "gpt-4o-mini", RunRecord.SUCCEEDED, now.minusSeconds(60), new BigDecimal("0.0000120000")),
                    first);
            assertEquals(null, history.query(new RunHistory.Query("Extract", null, null, null, 1)).get(0).cost(), "unknown cost stays unknown");
        }
    }

    @Test
    void aDamagedFileIsReportedAndNeverOverwritten() throws Exception {
        Path file = dir.resolve("history.mv.db");
        byte[] junk = "this is not an H2 database, but somebody's data".repeat(50).getBytes();
        Files.write(file, junk);
        var error = assertThrows(HistoryException.class, () -> RunHistory.open(dir.resolve("history")));
        assertTrue(error.getMessage().startsWith("cannot open the run history " + file.toAbsolutePath()), error.getMessage());
        assertArrayEquals(junk, Files.readAllBytes(file));
    }

    @Test
    void aHistoryAnotherProcessHoldsIsReportedAsInUse() throws Exception {
        Path file = dir.resolve("history");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldHistory.class.getName(), file.toString()).redirectErrorStream(true).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine();
            assertEquals("open", first);
            var error = assertThrows(HistoryException.class, () -> RunHistory.open(file));
            assertTrue(error.getMessage().endsWith("another process is using it (close the other PromptStudio, or use another file)"),
                    error.getMessage());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
        try (RunHistory history = RunHistory.open(file)) {
            assertEquals(List.of(), history.query(new RunHistory.Query(null, null, null, null, 5)), "usable again once the other process is gone");
        }
    }

    @Test
    void aHistoryFromANewerVersionIsLeftAlone() throws Exception {
        Path file = dir.resolve("history");
        try (RunHistory history = RunHistory.open(file)) {
            history.record(run("1", "P", "m", RunRecord.SUCCEEDED, Instant.now(), null));
        }
        try (var connection = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "sa", "")) {
            connection.createStatement().execute("INSERT INTO schema_version VALUES (99)");
        }
        var error = assertThrows(HistoryException.class, () -> RunHistory.open(file));
        assertTrue(error.getMessage().contains("was written by a newer PromptStudio (schema 99, this one knows 2); it was left as it is"),
                error.getMessage());
    }

    @Test
    void aVersionsTextIsKeptOnceAndFoundByItsHashPrefix() throws Exception {
        Path file = dir.resolve("history");
        Instant now = Instant.now();
        try (RunHistory history = RunHistory.open(file)) {
            history.record(withHash(run("1", "P", "m", RunRecord.SUCCEEDED, now, null), "aaaa11112222"), "namespace one\n");
            history.record(withHash(run("2", "P", "m", RunRecord.SUCCEEDED, now, null), "aaaa11112222"), "ignored: the version is kept");
            history.record(withHash(run("3", "P", "m", RunRecord.SUCCEEDED, now, null), "aaaa11199999"), "namespace two\n");
        }
        try (RunHistory history = RunHistory.open(file)) {
            assertEquals("namespace one\n", history.versionSource("AAAA11112"));
            assertEquals("namespace two\n", history.versionSource("aaaa111999"));
            assertEquals(3, history.query(new RunHistory.Query(null, null, null, null, 10)).size());
            assertTrue(assertThrows(HistoryException.class, () -> history.versionSource("aaaa111")).getMessage()
                    .contains("more than one version starts with aaaa111 (aaaa11112222, aaaa11199999); give more digits"));
            assertTrue(assertThrows(HistoryException.class, () -> history.versionSource("bbbb1111")).getMessage()
                    .contains("keeps no prompt version bbbb1111"));
            assertTrue(assertThrows(HistoryException.class, () -> history.versionSource("aaa")).getMessage()
                    .contains("the first 6 or more hexadecimal digits of its hash, not 'aaa'"));
            assertTrue(assertThrows(HistoryException.class, () -> history.versionSource("aaaa1'%--")).getMessage()
                    .contains("hexadecimal"));
        }
    }

    @Test
    void aHistoryOfTheFirstSchemaGainsTheVersionsAndKeepsItsRuns() throws Exception {
        Path file = dir.resolve("history");
        try (var connection = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "sa", "")) {
            var statement = connection.createStatement();
            statement.execute("CREATE TABLE schema_version (version INT NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (1)");
            statement.execute("CREATE TABLE runs (id VARCHAR(36) PRIMARY KEY, started_at TIMESTAMP WITH TIME ZONE NOT NULL, prompt VARCHAR(400)"
                    + " NOT NULL, prompt_hash VARCHAR(64) NOT NULL, profile VARCHAR(200), arguments_json CLOB, provider VARCHAR(100),"
                    + " requested_model VARCHAR(200), returned_model VARCHAR(200), request_json CLOB, response_text CLOB, output_json CLOB,"
                    + " repairs_json CLOB, input_tokens INT, output_tokens INT, cached_tokens INT, cost_usd DECIMAL(20, 10),"
                    + " first_token_ms BIGINT, total_ms BIGINT, cache_status VARCHAR(20), status VARCHAR(20) NOT NULL, error_kind VARCHAR(100),"
                    + " error_message CLOB)");
            statement.execute("INSERT INTO runs (id, started_at, prompt, prompt_hash, status) VALUES ('old', CURRENT_TIMESTAMP, 'P', 'ffff00',"
                    + " 'succeeded')");
        }
        try (RunHistory history = RunHistory.open(file)) {
            history.record(withHash(run("new", "P", "m", RunRecord.SUCCEEDED, Instant.now(), null), "cccc22223333"), "namespace kept\n");
            assertEquals(List.of("new", "old"), ids(history.query(new RunHistory.Query("P", null, null, null, 10))));
            assertEquals("namespace kept\n", history.versionSource("cccc2222"));
        }
    }

    private static RunRecord withHash(RunRecord run, String hash) {
        return RunRecord.builder().id(run.id()).startedAt(run.startedAt()).prompt(run.prompt()).promptHash(hash).status(run.status()).build();
    }

    private static List<String> ids(List<RunRecord> runs) {
        return runs.stream().map(RunRecord::id).toList();
    }
}
