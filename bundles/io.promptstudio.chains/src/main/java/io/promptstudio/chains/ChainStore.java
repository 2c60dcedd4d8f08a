package io.promptstudio.chains;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.core.io.EmbeddedDatabase;
import io.promptstudio.store.HistoryException;
import io.promptstudio.store.SchemaMigrations;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chain runs and every stage's result, in an H2 file ({@code ~/.promptstudio/chains} by default): a stage's result is
 * committed when it finishes, so a run that fails or is killed keeps every stage that finished before, and a resume
 * reads them back. One connection; calls take turns.
 */
public final class ChainStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE chain_runs (
              id VARCHAR(40) PRIMARY KEY,
              chain VARCHAR(400) NOT NULL,
              started_at TIMESTAMP WITH TIME ZONE NOT NULL,
              finished_at TIMESTAMP WITH TIME ZONE,
              status VARCHAR(20) NOT NULL,
              inputs_json CLOB NOT NULL,
              output_json CLOB,
              error_message CLOB,
              cost_usd DECIMAL(20, 10),
              total_ms BIGINT
            );
            CREATE INDEX chain_runs_by_chain ON chain_runs(chain, started_at);
            CREATE TABLE stage_results (
              run_id VARCHAR(40) NOT NULL,
              stage VARCHAR(200) NOT NULL,
              position INT NOT NULL,
              fingerprint VARCHAR(64) NOT NULL,
              kind VARCHAR(20) NOT NULL,
              status VARCHAR(20) NOT NULL,
              input_json CLOB,
              output_json CLOB,
              repairs_json CLOB,
              detail CLOB,
              calls INT NOT NULL,
              cache_hits INT NOT NULL,
              input_tokens INT,
              output_tokens INT,
              cost_usd DECIMAL(20, 10),
              total_ms BIGINT NOT NULL,
              history_runs CLOB,
              error_message CLOB,
              finished_at TIMESTAMP WITH TIME ZONE NOT NULL,
              PRIMARY KEY (run_id, stage)
            )
            """);

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    private final Connection connection;
    private final Path file;

    private ChainStore(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** Opens (creating when missing) the store in {@code database} ({@code chains} becomes {@code chains.mv.db}). */
    public static ChainStore open(Path database) throws HistoryException {
        return new ChainStore(SchemaMigrations.open(database, MIGRATIONS, "the chain store"), EmbeddedDatabase.fileOf(database));
    }

    /** A chain run as listed. */
    public record StoredRun(String id, String chain, Instant startedAt, Instant finishedAt, String status, String inputsJson, String outputJson,
            String error, BigDecimal cost, Long millis) {
    }

    /** A stored stage result with the fingerprint of the stage as it was written when it ran. */
    public record StoredStage(StageResult result, String fingerprint) {
    }

    /** Starts a run and returns its id (eight hex digits, enough to type). */
    public synchronized String begin(String chain, String inputsJson) throws HistoryException {
        try {
            return SchemaMigrations.insertWithFreshId(connection, "INSERT INTO chain_runs (id, chain, started_at, status, inputs_json)"
                    + " VALUES (?, ?, ?, ?, ?)", insert -> {
                        insert.setString(2, chain);
                        insert.setTimestamp(3, Timestamp.from(Instant.now()));
                        insert.setString(4, RUNNING);
                        insert.setString(5, inputsJson);
                    });
        } catch (SQLException e) {
            throw failure("cannot start a chain run in", e);
        }
    }

    /** Marks a run as going again (a resume). */
    public synchronized void reopen(String runId) throws HistoryException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE chain_runs SET status = ?, finished_at = NULL, error_message = NULL WHERE id = ?")) {
            update.setString(1, RUNNING);
            update.setString(2, runId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot resume the run in", e);
        }
    }

    /** Keeps a stage's result, replacing an earlier attempt's; committed when this returns. */
    public synchronized void record(String runId, int position, String fingerprint, StageResult result) throws HistoryException {
        String sql = "MERGE INTO stage_results (run_id, stage, position, fingerprint, kind, status, input_json, output_json, repairs_json, detail,"
                + " calls, cache_hits, input_tokens, output_tokens, cost_usd, total_ms, history_runs, error_message, finished_at)"
                + " KEY (run_id, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement merge = connection.prepareStatement(sql)) {
            Object[] values = { runId, result.stage(), position, fingerprint, result.kind(), result.status(), result.inputJson(),
                    result.outputJson(), json(result.repairs()), result.detail(), result.calls(), result.cacheHits(), result.inputTokens(),
                    result.outputTokens(), result.cost(), result.millis(), json(result.historyRuns()), result.error(), Timestamp.from(Instant.now()) };
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    merge.setNull(i + 1, Types.NULL);
                } else {
                    merge.setObject(i + 1, values[i]);
                }
            }
            merge.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot keep stage " + result.stage() + "'s result in", e);
        }
    }

    /** Ends a run with its status, output (or error), cost and time. */
    public synchronized void finish(String runId, String status, String outputJson, String error, BigDecimal cost, long millis)
            throws HistoryException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE chain_runs SET status = ?, output_json = ?, error_message = ?,"
                + " cost_usd = ?, total_ms = ?, finished_at = ? WHERE id = ?")) {
            update.setString(1, status);
            update.setString(2, outputJson);
            update.setString(3, error);
            update.setBigDecimal(4, cost);
            update.setLong(5, millis);
            update.setTimestamp(6, Timestamp.from(Instant.now()));
            update.setString(7, runId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot finish the run in", e);
        }
    }

    public synchronized Optional<StoredRun> run(String runId) throws HistoryException {
        List<StoredRun> found = query("SELECT * FROM chain_runs WHERE id = ?", runId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The runs of a chain (every chain when null), newest first, at most {@code limit}. */
    public synchronized List<StoredRun> runs(String chain, int limit) throws HistoryException {
        return chain == null ? query("SELECT * FROM chain_runs ORDER BY started_at DESC, id LIMIT ?", Math.max(1, limit))
                : query("SELECT * FROM chain_runs WHERE chain = ? OR chain LIKE ? ORDER BY started_at DESC, id LIMIT ?", chain, "%." + chain,
                        Math.max(1, limit));
    }

    /**
     * How each stage of a chain did over its last {@code lastRuns} runs: how often it ran and succeeded, its median and
     * 95th-percentile time, and its mean cost; the chain's own numbers come first, under the stage name {@code *}.
     */
    public synchronized List<StageStats> stats(String chain, int lastRuns) throws HistoryException {
        List<StoredRun> runs = runs(chain, lastRuns);
        java.util.Map<String, List<StageResult>> byStage = new java.util.LinkedHashMap<>();
        List<StageStats> stats = new ArrayList<>();
        List<Long> chainMillis = new ArrayList<>();
        List<BigDecimal> chainCosts = new ArrayList<>();
        int chainSucceeded = 0;
        for (StoredRun run : runs) {
            if (RUNNING.equals(run.status())) {
                continue;
            }
            chainSucceeded += SUCCEEDED.equals(run.status()) ? 1 : 0;
            if (run.millis() != null) {
                chainMillis.add(run.millis());
            }
            if (run.cost() != null) {
                chainCosts.add(run.cost());
            }
            for (StoredStage stage : stages(run.id())) {
                byStage.computeIfAbsent(stage.result().stage(), name -> new ArrayList<>()).add(stage.result());
            }
        }
        int finished = (int) runs.stream().filter(run -> !RUNNING.equals(run.status())).count();
        stats.add(StageStats.of("*", finished, chainSucceeded, chainMillis, chainCosts));
        byStage.forEach((stage, results) -> {
            List<StageResult> ran = results.stream().filter(result -> !StageResult.SKIPPED.equals(result.status())).toList();
            stats.add(StageStats.of(stage, ran.size(), (int) ran.stream().filter(StageResult::succeeded).count(),
                    ran.stream().map(StageResult::millis).toList(), ran.stream().map(StageResult::cost).filter(java.util.Objects::nonNull).toList()));
        });
        return stats;
    }

    /** A stage's (or with the name {@code *}, the chain's) numbers over recent runs. */
    public record StageStats(String stage, int runs, int succeeded, long medianMillis, long p95Millis, BigDecimal meanCost) {

        static StageStats of(String stage, int runs, int succeeded, List<Long> millis, List<BigDecimal> costs) {
            List<Long> sorted = millis.stream().sorted().toList();
            long median = sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
            long p95 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
            BigDecimal mean = costs.isEmpty() ? null : costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(costs.size()), 10, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
            return new StageStats(stage, runs, succeeded, median, p95, mean);
        }

        public double successRate() {
            return runs == 0 ? 0 : (double) succeeded / runs;
        }
    }

    /** A run's stage results in the order they were written in the chain. */
    public synchronized List<StoredStage> stages(String runId) throws HistoryException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM stage_results WHERE run_id = ? ORDER BY position")) {
            select.setString(1, runId);
            List<StoredStage> stages = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    StageResult result = new StageResult(row.getString("stage"), row.getString("kind"), row.getString("status"),
                            row.getString("input_json"), row.getString("output_json"), list(row.getString("repairs_json")), row.getString("detail"),
                            row.getInt("calls"), row.getInt("cache_hits"), (Integer) row.getObject("input_tokens"),
                            (Integer) row.getObject("output_tokens"), row.getBigDecimal("cost_usd"), row.getLong("total_ms"),
                            list(row.getString("history_runs")), row.getString("error_message"), false);
                    stages.add(new StoredStage(result, row.getString("fingerprint")));
                }
            }
            return stages;
        } catch (SQLException e) {
            throw failure("cannot read the stages of run " + runId + " from", e);
        }
    }

    private List<StoredRun> query(String sql, Object... parameters) throws HistoryException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<StoredRun> runs = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Timestamp finished = row.getTimestamp("finished_at");
                    runs.add(new StoredRun(row.getString("id"), row.getString("chain"), row.getTimestamp("started_at").toInstant(),
                            finished == null ? null : finished.toInstant(), row.getString("status"), row.getString("inputs_json"),
                            row.getString("output_json"), row.getString("error_message"), row.getBigDecimal("cost_usd"),
                            (Long) row.getObject("total_ms")));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw failure("cannot read the chain runs from", e);
        }
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private HistoryException failure(String what, SQLException e) {
        return new HistoryException(what + " " + file + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() throws HistoryException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("cannot close", e);
        }
    }
}
