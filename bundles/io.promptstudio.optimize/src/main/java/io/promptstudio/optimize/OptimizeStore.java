package io.promptstudio.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Map;
import java.util.Optional;

/**
 * Optimization runs in an H2 file ({@code ~/.promptstudio/optimize} by default): the settings, every candidate with
 * its scores, each generation's figures, and every optimizer's model answer in order; and the refinement loop's
 * proposals, each with its scores and the decision on it. A run replays from its seed;
 * what it finds here it does not ask or score again, which is how a killed run resumes where it stopped. Each write
 * is committed when it returns. One connection; calls take turns.
 */
public final class OptimizeStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE optimize_runs (
              id VARCHAR(40) PRIMARY KEY,
              target VARCHAR(400) NOT NULL,
              suite VARCHAR(400) NOT NULL,
              method VARCHAR(20) NOT NULL,
              settings_json CLOB NOT NULL,
              fingerprint VARCHAR(64) NOT NULL,
              started_at TIMESTAMP WITH TIME ZONE NOT NULL,
              finished_at TIMESTAMP WITH TIME ZONE,
              status VARCHAR(20) NOT NULL,
              best_number INT,
              calls BIGINT NOT NULL DEFAULT 0,
              tokens BIGINT NOT NULL DEFAULT 0,
              cost_usd DECIMAL(20, 10),
              report_json CLOB,
              error_message CLOB
            );
            CREATE INDEX optimize_runs_by_target ON optimize_runs(target, started_at);
            CREATE TABLE optimize_candidates (
              run_id VARCHAR(40) NOT NULL,
              number INT NOT NULL,
              generation INT NOT NULL,
              candidate_key VARCHAR(40) NOT NULL,
              origin VARCHAR(400) NOT NULL,
              instruction CLOB NOT NULL,
              demos_json CLOB NOT NULL,
              problem CLOB,
              PRIMARY KEY (run_id, number)
            );
            CREATE TABLE optimize_scores (
              run_id VARCHAR(40) NOT NULL,
              candidate_key VARCHAR(40) NOT NULL,
              split VARCHAR(20) NOT NULL,
              score DOUBLE PRECISION NOT NULL,
              cases INT NOT NULL,
              passed INT NOT NULL,
              cost_usd DECIMAL(20, 10),
              PRIMARY KEY (run_id, candidate_key, split)
            );
            CREATE TABLE optimize_answers (
              run_id VARCHAR(40) NOT NULL,
              ordinal INT NOT NULL,
              request_hash VARCHAR(64) NOT NULL,
              answer CLOB,
              PRIMARY KEY (run_id, ordinal)
            );
            CREATE TABLE optimize_generations (
              run_id VARCHAR(40) NOT NULL,
              generation INT NOT NULL,
              best_fitness DOUBLE PRECISION,
              mean_fitness DOUBLE PRECISION,
              best_validation DOUBLE PRECISION,
              valid INT NOT NULL,
              invalid INT NOT NULL,
              calls BIGINT NOT NULL,
              tokens BIGINT NOT NULL,
              cost_usd DECIMAL(20, 10),
              PRIMARY KEY (run_id, generation)
            )
            """, """
            CREATE TABLE refine_proposals (
              id VARCHAR(40) PRIMARY KEY,
              target VARCHAR(400) NOT NULL,
              suite VARCHAR(400) NOT NULL,
              created_at TIMESTAMP WITH TIME ZONE NOT NULL,
              status VARCHAR(20) NOT NULL,
              diagnosis CLOB,
              instruction CLOB,
              problem CLOB,
              cases INT NOT NULL,
              before_score DOUBLE PRECISION,
              after_score DOUBLE PRECISION,
              before_passed INT,
              after_passed INT,
              file_path CLOB NOT NULL,
              file_before CLOB NOT NULL,
              file_after CLOB,
              patch CLOB,
              decided_at TIMESTAMP WITH TIME ZONE
            );
            CREATE INDEX refine_proposals_by_target ON refine_proposals(target, created_at)
            """);

    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    private final Connection connection;
    private final Path file;

    private OptimizeStore(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** Opens (creating when missing) the store in {@code database} ({@code optimize} becomes {@code optimize.mv.db}). */
    public static OptimizeStore open(Path database) throws HistoryException {
        return new OptimizeStore(SchemaMigrations.open(database, MIGRATIONS, "the optimization store"), EmbeddedDatabase.fileOf(database));
    }

    /** A run as listed. */
    public record StoredRun(String id, String target, String suite, String method, String settingsJson, String fingerprint, Instant startedAt,
            Instant finishedAt, String status, Integer bestNumber, long calls, long tokens, BigDecimal cost, String reportJson, String error) {
    }

    /** A candidate as kept: its place, how it came about, what it is, and why it was dropped (null when it was not). */
    public record StoredCandidate(int number, int generation, String key, String origin, Candidate candidate, String problem) {
    }

    /** A candidate's score on a split: the mean case score (errors as 0), the cases and how many passed, the cost. */
    public record StoredScore(double score, int cases, int passed, BigDecimal cost) {
    }

    /** One generation's figures, with the totals spent up to its end. */
    public record StoredGeneration(int generation, Double bestFitness, Double meanFitness, Double bestValidation, int valid, int invalid, long calls,
            long tokens, BigDecimal cost) {
    }

    /** Starts a run and returns its id. */
    public synchronized String begin(String target, String suite, String method, String settingsJson, String fingerprint) throws HistoryException {
        try {
            return SchemaMigrations.insertWithFreshId(connection, "INSERT INTO optimize_runs (id, target, suite, method, settings_json, fingerprint,"
                    + " started_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", insert -> {
                        insert.setString(2, target);
                        insert.setString(3, suite);
                        insert.setString(4, method);
                        insert.setString(5, settingsJson);
                        insert.setString(6, fingerprint);
                        insert.setTimestamp(7, Timestamp.from(Instant.now()));
                        insert.setString(8, RUNNING);
                    });
        } catch (SQLException e) {
            throw failure("cannot start an optimization run in", e);
        }
    }

    /** Marks a run as going again. */
    public synchronized void reopen(String runId) throws HistoryException {
        update("UPDATE optimize_runs SET status = ?, finished_at = NULL, error_message = NULL WHERE id = ?", "cannot resume the run in", RUNNING, runId);
    }

    /** Ends a run with its status, best candidate and report. */
    public synchronized void finish(String runId, String status, Integer bestNumber, String reportJson, String error) throws HistoryException {
        update("UPDATE optimize_runs SET status = ?, finished_at = ?, best_number = ?, report_json = ?, error_message = ? WHERE id = ?",
                "cannot finish the run in", status, Timestamp.from(Instant.now()), bestNumber, reportJson, error, runId);
    }

    /** What the run has spent so far: kept as it goes, so that a resumed run counts what the killed one spent. */
    public synchronized void spent(String runId, long calls, long tokens, BigDecimal cost) throws HistoryException {
        update("UPDATE optimize_runs SET calls = ?, tokens = ?, cost_usd = ? WHERE id = ?", "cannot keep what the run spent in", calls, tokens, cost,
                runId);
    }

    public synchronized void candidate(String runId, StoredCandidate candidate) throws HistoryException {
        update("MERGE INTO optimize_candidates (run_id, number, generation, candidate_key, origin, instruction, demos_json, problem)"
                + " KEY (run_id, number) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "cannot keep a candidate in", runId, candidate.number(),
                candidate.generation(), candidate.key(), candidate.origin(), candidate.candidate().instruction(), json(candidate.candidate().demos()),
                candidate.problem());
    }

    public synchronized void score(String runId, String key, String split, StoredScore score) throws HistoryException {
        update("MERGE INTO optimize_scores (run_id, candidate_key, split, score, cases, passed, cost_usd) KEY (run_id, candidate_key, split)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", "cannot keep a score in", runId, key, split, score.score(), score.cases(), score.passed(),
                score.cost());
    }

    public synchronized Optional<StoredScore> score(String runId, String key, String split) throws HistoryException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT score, cases, passed, cost_usd FROM optimize_scores WHERE run_id = ? AND candidate_key = ? AND split = ?")) {
            select.setString(1, runId);
            select.setString(2, key);
            select.setString(3, split);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new StoredScore(rows.getDouble(1), rows.getInt(2), rows.getInt(3), rows.getBigDecimal(4)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot read a score from", e);
        }
    }

    public synchronized void answer(String runId, int ordinal, String requestHash, String answer) throws HistoryException {
        update("MERGE INTO optimize_answers (run_id, ordinal, request_hash, answer) KEY (run_id, ordinal) VALUES (?, ?, ?, ?)",
                "cannot keep a model answer in", runId, ordinal, requestHash, answer);
    }

    /** The answer kept for the run's {@code ordinal}-th optimizer call, as {@code [request hash, answer]}. */
    public synchronized Optional<String[]> answer(String runId, int ordinal) throws HistoryException {
        try (PreparedStatement select = connection.prepareStatement("SELECT request_hash, answer FROM optimize_answers WHERE run_id = ? AND ordinal = ?")) {
            select.setString(1, runId);
            select.setInt(2, ordinal);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new String[] { rows.getString(1), rows.getString(2) }) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot read a model answer from", e);
        }
    }

    public synchronized void generation(String runId, StoredGeneration generation) throws HistoryException {
        update("MERGE INTO optimize_generations (run_id, generation, best_fitness, mean_fitness, best_validation, valid, invalid, calls, tokens,"
                + " cost_usd) KEY (run_id, generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "cannot keep a generation in", runId,
                generation.generation(), generation.bestFitness(), generation.meanFitness(), generation.bestValidation(), generation.valid(),
                generation.invalid(), generation.calls(), generation.tokens(), generation.cost());
    }

    public synchronized Optional<StoredRun> run(String runId) throws HistoryException {
        List<StoredRun> found = runs("SELECT id, target, suite, method, settings_json, fingerprint, started_at, finished_at, status, best_number,"
                + " calls, tokens, cost_usd, report_json, error_message FROM optimize_runs WHERE id = ?", runId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** A refinement round as logged: what it proposed (or why nothing), its scores, and the decision on it. */
    public record StoredProposal(String id, String target, String suite, Instant createdAt, String status, String diagnosis, String instruction,
            String problem, int cases, Double beforeScore, Double afterScore, Integer beforePassed, Integer afterPassed, String filePath,
            String fileBefore, String fileAfter, String patch, Instant decidedAt) {
    }

    /** Logs a refinement round and returns its id. */
    public synchronized String propose(StoredProposal proposal) throws HistoryException {
        try {
            return SchemaMigrations.insertWithFreshId(connection, "INSERT INTO refine_proposals (id, target, suite, created_at, status, diagnosis,"
                    + " instruction, problem, cases, before_score, after_score, before_passed, after_passed, file_path, file_before, file_after, patch)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", insert -> {
                        Object[] values = { proposal.target(), proposal.suite(), Timestamp.from(proposal.createdAt()), proposal.status(),
                                proposal.diagnosis(), proposal.instruction(), proposal.problem(), proposal.cases(), proposal.beforeScore(),
                                proposal.afterScore(), proposal.beforePassed(), proposal.afterPassed(), proposal.filePath(), proposal.fileBefore(),
                                proposal.fileAfter(), proposal.patch() };
                        for (int i = 0; i < values.length; i++) {
                            if (values[i] == null) {
                                insert.setNull(i + 2, Types.NULL);
                            } else {
                                insert.setObject(i + 2, values[i]);
                            }
                        }
                    });
        } catch (SQLException e) {
            throw failure("cannot log a refinement in", e);
        }
    }

    /** Records the decision on a proposal. */
    public synchronized void decide(String id, String status) throws HistoryException {
        update("UPDATE refine_proposals SET status = ?, decided_at = ? WHERE id = ?", "cannot record the decision in", status,
                Timestamp.from(Instant.now()), id);
    }

    public synchronized Optional<StoredProposal> proposal(String id) throws HistoryException {
        List<StoredProposal> found = proposals("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest proposals for a prompt first (every prompt's when {@code target} is null). */
    public synchronized List<StoredProposal> proposals(String target, int limit) throws HistoryException {
        return target == null ? proposals("ORDER BY created_at DESC LIMIT " + Math.max(1, limit))
                : proposals("WHERE target = ? ORDER BY created_at DESC LIMIT " + Math.max(1, limit), target);
    }

    private List<StoredProposal> proposals(String where, Object... parameters) throws HistoryException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, target, suite, created_at, status, diagnosis, instruction, problem,"
                + " cases, before_score, after_score, before_passed, after_passed, file_path, file_before, file_after, patch, decided_at"
                + " FROM refine_proposals " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<StoredProposal> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int beforePassed = rows.getInt(12);
                    Integer before = rows.wasNull() ? null : beforePassed;
                    int afterPassed = rows.getInt(13);
                    Integer after = rows.wasNull() ? null : afterPassed;
                    Timestamp decided = rows.getTimestamp(18);
                    found.add(new StoredProposal(rows.getString(1), rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant(),
                            rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getInt(9), nullable(rows, 10),
                            nullable(rows, 11), before, after, rows.getString(14), rows.getString(15), rows.getString(16), rows.getString(17),
                            decided == null ? null : decided.toInstant()));
                }
            }
            return found;
        } catch (SQLException e) {
            throw failure("cannot read refinements from", e);
        }
    }

    private static Double nullable(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private List<StoredRun> runs(String sql, Object... parameters) throws HistoryException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<StoredRun> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp finished = rows.getTimestamp(8);
                    int best = rows.getInt(10);
                    Integer bestNumber = rows.wasNull() ? null : best;
                    found.add(new StoredRun(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                            rows.getString(6), rows.getTimestamp(7).toInstant(), finished == null ? null : finished.toInstant(), rows.getString(9),
                            bestNumber, rows.getLong(11), rows.getLong(12), rows.getBigDecimal(13), rows.getString(14), rows.getString(15)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw failure("cannot read optimization runs from", e);
        }
    }

    private void update(String sql, String what, Object... values) throws HistoryException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    update.setNull(i + 1, Types.NULL);
                } else {
                    update.setObject(i + 1, values[i]);
                }
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static String json(List<Candidate.Demo> demos) {
        try {
            return JSON.writeValueAsString(demos.stream().map(demo -> Map.of("input", demo.input(), "output", demo.output())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("text always writes as JSON", e);
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
