package io.promptstudio.eval;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Eval runs in an H2 file: each case as it finishes (so memory stays flat, and an interrupted run can be resumed),
 * and each finished run's numbers per variant (so a suite's pass rate can be followed over time). One connection,
 * used by one thread at a time: the methods are synchronized, as the runner's threads all report here.
 */
public final class EvalStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE eval_runs (
              id VARCHAR(40) PRIMARY KEY,
              suite VARCHAR(400) NOT NULL,
              source VARCHAR(2000) NOT NULL,
              dataset_fingerprint VARCHAR(64) NOT NULL,
              repeat_count INT NOT NULL,
              started_at TIMESTAMP WITH TIME ZONE NOT NULL,
              finished_at TIMESTAMP WITH TIME ZONE,
              status VARCHAR(20) NOT NULL
            );
            CREATE INDEX eval_runs_by_suite ON eval_runs(suite, started_at);
            CREATE TABLE eval_cases (
              run_id VARCHAR(40) NOT NULL,
              row_no INT NOT NULL,
              variant VARCHAR(700) NOT NULL,
              repeat_no INT NOT NULL,
              where_at VARCHAR(2000) NOT NULL,
              prompt VARCHAR(400) NOT NULL,
              profile VARCHAR(200),
              status VARCHAR(10) NOT NULL,
              score DOUBLE PRECISION,
              checks_json CLOB,
              output CLOB,
              reason CLOB,
              cost_usd DECIMAL(20, 10),
              latency_ms BIGINT NOT NULL,
              PRIMARY KEY (run_id, row_no, variant, repeat_no)
            );
            CREATE TABLE eval_variants (
              run_id VARCHAR(40) NOT NULL,
              position INT NOT NULL,
              variant VARCHAR(700) NOT NULL,
              cases INT NOT NULL,
              passed INT NOT NULL,
              failed INT NOT NULL,
              errors INT NOT NULL,
              mean_score DOUBLE PRECISION,
              cost_usd DECIMAL(20, 10),
              PRIMARY KEY (run_id, position)
            )
            """);

    /** A run's status while it goes, and how it ended. */
    public static final String RUNNING = "running";
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String BUDGET_SPENT = "budget-spent";

    private final Connection connection;
    private final Path file;

    private EvalStore(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** Opens (creating when missing) the store in {@code database} ({@code evals} becomes {@code evals.mv.db}). */
    public static EvalStore open(Path database) throws HistoryException {
        return new EvalStore(SchemaMigrations.open(database, MIGRATIONS, "the eval store"), EmbeddedDatabase.fileOf(database));
    }

    /**
     * A run as listed: its suite, where the suite came from, the fingerprint of the rows it ran, its status, and (once
     * finished) its variants' numbers in the suite's order.
     */
    public record StoredRun(String id, String suite, String source, String datasetFingerprint, int repeat, Instant startedAt,
            Instant finishedAt, String status, List<StoredVariant> variants) {
    }

    /** One variant's numbers in a finished run. */
    public record StoredVariant(String variant, int cases, int passed, int failed, int errors, Double meanScore, BigDecimal cost) {
        public double passRate() {
            return cases == 0 ? 0 : (double) passed / cases;
        }
    }

    /** Starts a run and returns its id (eight hex digits, enough to type). */
    public synchronized String begin(EvalSuite suite, String source, String datasetFingerprint) throws HistoryException {
        try {
            return SchemaMigrations.insertWithFreshId(connection, "INSERT INTO eval_runs (id, suite, source, dataset_fingerprint, repeat_count,"
                    + " started_at, status) VALUES (?, ?, ?, ?, ?, ?, ?)", insert -> {
                        insert.setString(2, suite.name());
                        insert.setString(3, source);
                        insert.setString(4, datasetFingerprint);
                        insert.setInt(5, suite.repeat());
                        insert.setTimestamp(6, Timestamp.from(Instant.now()));
                        insert.setString(7, RUNNING);
                    });
        } catch (SQLException e) {
            throw failure("cannot start a run in", e);
        }
    }

    /** Keeps one case, committed when this returns; a case kept before (a resumed run's) is left as it was. */
    public synchronized void record(String runId, CaseResult result) throws HistoryException {
        try (PreparedStatement insert = connection.prepareStatement("MERGE INTO eval_cases (run_id, row_no, variant, repeat_no, where_at,"
                + " prompt, profile, status, score, checks_json, output, reason, cost_usd, latency_ms)"
                + " KEY (run_id, row_no, variant, repeat_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = { runId, result.row(), result.variant().label(), result.repeat(), result.where(), result.variant().prompt(),
                    result.variant().profile(), result.status(), result.score(), JSON.writeValueAsString(result.checks()), result.output(),
                    result.reason(), result.cost(), result.latencyMillis() };
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    insert.setNull(i + 1, Types.NULL);
                } else {
                    insert.setObject(i + 1, values[i]);
                }
            }
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw failure("cannot keep a case in", e);
        }
    }

    /** Ends a run with its outcome: its status and each variant's numbers. */
    public synchronized void finish(String runId, EvalOutcome outcome) throws HistoryException {
        String status = outcome.cancelled() ? CANCELLED : outcome.budgetSpent() ? BUDGET_SPENT : outcome.passed() ? PASSED : FAILED;
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE eval_runs SET finished_at = ?, status = ? WHERE id = ?");
                    PreparedStatement clear = connection.prepareStatement("DELETE FROM eval_variants WHERE run_id = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO eval_variants (run_id, position, variant, cases,"
                            + " passed, failed, errors, mean_score, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                update.setString(2, status);
                update.setString(3, runId);
                update.executeUpdate();
                clear.setString(1, runId);
                clear.executeUpdate();
                int position = 0;
                for (EvalOutcome.VariantSummary summary : outcome.variants()) {
                    insert.setString(1, runId);
                    insert.setInt(2, position++);
                    insert.setString(3, summary.variant().label());
                    insert.setInt(4, summary.cases());
                    insert.setInt(5, summary.passed());
                    insert.setInt(6, summary.failed());
                    insert.setInt(7, summary.errors());
                    insert.setObject(8, summary.meanScore());
                    insert.setBigDecimal(9, summary.cost());
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("cannot finish a run in", e);
        }
    }

    /** The run with this id, or empty. */
    public synchronized Optional<StoredRun> run(String id) throws HistoryException {
        List<StoredRun> found = query("SELECT * FROM eval_runs WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** The latest runs of a suite (or of every suite, for null), newest first. */
    public synchronized List<StoredRun> runs(String suite, int limit) throws HistoryException {
        return suite == null ? query("SELECT * FROM eval_runs ORDER BY started_at DESC, id LIMIT ?", Math.max(1, limit))
                : query("SELECT * FROM eval_runs WHERE suite = ? ORDER BY started_at DESC, id LIMIT ?", suite, Math.max(1, limit));
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
                    runs.add(new StoredRun(row.getString("id"), row.getString("suite"), row.getString("source"),
                            row.getString("dataset_fingerprint"), row.getInt("repeat_count"), row.getTimestamp("started_at").toInstant(),
                            finished == null ? null : finished.toInstant(), row.getString("status"), List.of()));
                }
            }
            List<StoredRun> withVariants = new ArrayList<>();
            for (StoredRun run : runs) {
                withVariants.add(new StoredRun(run.id(), run.suite(), run.source(), run.datasetFingerprint(), run.repeat(), run.startedAt(),
                        run.finishedAt(), run.status(), variants(run.id())));
            }
            return withVariants;
        } catch (SQLException e) {
            throw failure("cannot read the runs of", e);
        }
    }

    private List<StoredVariant> variants(String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM eval_variants WHERE run_id = ? ORDER BY position")) {
            select.setString(1, runId);
            List<StoredVariant> variants = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    variants.add(new StoredVariant(row.getString("variant"), row.getInt("cases"), row.getInt("passed"), row.getInt("failed"),
                            row.getInt("errors"), (Double) row.getObject("mean_score"), plain(row.getBigDecimal("cost_usd"))));
                }
            }
            return variants;
        }
    }

    /**
     * What a run already did, to resume it: which cases are done (their keys, a few bytes each), and a replay of
     * their results read back one at a time, for the outcome's numbers.
     */
    public synchronized Resumption resumption(String runId) throws HistoryException {
        Set<String> done = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT row_no, variant, repeat_no FROM eval_cases WHERE run_id = ?")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    done.add(key(row.getInt(1), row.getString(2), row.getInt(3)));
                }
            }
        } catch (SQLException e) {
            throw failure("cannot read the cases of", e);
        }
        return new Resumption() {
            @Override
            public boolean done(int row, EvalSuite.Variant variant, int repeat) {
                return done.contains(key(row, variant.label(), repeat));
            }

            @Override
            public int count() {
                return done.size();
            }

            @Override
            public void replay(Consumer<CaseResult> each) throws HistoryException {
                cases(runId, each);
            }
        };
    }

    /** Every case of a run, in the order of its rows, variants and repeats. */
    public synchronized void cases(String runId, Consumer<CaseResult> each) throws HistoryException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM eval_cases WHERE run_id = ? ORDER BY row_no, variant,"
                + " repeat_no")) {
            select.setString(1, runId);
            select.setFetchSize(500);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    List<CaseResult.Check> checks = JSON.readValue(row.getString("checks_json"), new TypeReference<List<Map<String, Object>>>() {
                    }).stream().map(check -> new CaseResult.Check(String.valueOf(check.get("name")), ((Number) check.get("score")).doubleValue(),
                            String.valueOf(check.get("detail")))).toList();
                    each.accept(new CaseResult(row.getInt("row_no"), row.getString("where_at"), new EvalSuite.Variant(row.getString("prompt"),
                            row.getString("profile")), row.getInt("repeat_no"), row.getString("status"), (Double) row.getObject("score"), checks,
                            row.getString("output"), row.getString("reason"), plain(row.getBigDecimal("cost_usd")), row.getLong("latency_ms")));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw failure("cannot read the cases of", e);
        }
    }

    /** The cases of a run as counts per status, for a quick look. */
    public synchronized Map<String, Integer> counts(String runId) throws HistoryException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT status, COUNT(*) FROM eval_cases WHERE run_id = ? GROUP BY status"
                + " ORDER BY status")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getInt(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw failure("cannot read the cases of", e);
        }
    }

    /** The column's scale pads an amount with zeros: $0.0000125 comes back as it went in. */
    private static BigDecimal plain(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros();
    }

    private static String key(int row, String variant, int repeat) {
        return row + "\u0000" + variant + "\u0000" + repeat;
    }

    private HistoryException failure(String what, Exception e) {
        return new HistoryException(what + " the eval store " + file + ": " + e.getMessage(), e);
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
