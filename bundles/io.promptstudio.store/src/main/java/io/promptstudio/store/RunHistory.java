package io.promptstudio.store;

import io.promptstudio.core.io.EmbeddedDatabase;
import io.promptstudio.runtime.RunRecord;
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

/**
 * The execution history: every run, kept in an H2 database file on disk. Opening migrates an older schema forward
 * (each step in one transaction, recorded in {@code schema_version}); a file written by a newer PromptStudio, a
 * damaged file or one another process holds is reported and never touched. One connection; not for concurrent use.
 */
public final class RunHistory implements AutoCloseable {

    /** The schema steps, in order; step n brings the schema from version n to n + 1. */
    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE runs (
              id VARCHAR(36) PRIMARY KEY,
              started_at TIMESTAMP WITH TIME ZONE NOT NULL,
              prompt VARCHAR(400) NOT NULL,
              prompt_hash VARCHAR(64) NOT NULL,
              profile VARCHAR(200),
              arguments_json CLOB,
              provider VARCHAR(100),
              requested_model VARCHAR(200),
              returned_model VARCHAR(200),
              request_json CLOB,
              response_text CLOB,
              output_json CLOB,
              repairs_json CLOB,
              input_tokens INT,
              output_tokens INT,
              cached_tokens INT,
              cost_usd DECIMAL(20, 10),
              first_token_ms BIGINT,
              total_ms BIGINT,
              cache_status VARCHAR(20),
              status VARCHAR(20) NOT NULL,
              error_kind VARCHAR(100),
              error_message CLOB
            );
            CREATE INDEX runs_by_prompt ON runs(prompt, started_at);
            CREATE INDEX runs_by_time ON runs(started_at)
            """, """
            CREATE TABLE prompt_versions (
              hash VARCHAR(64) PRIMARY KEY,
              source CLOB NOT NULL,
              first_seen TIMESTAMP WITH TIME ZONE NOT NULL
            )
            """);

    /** The shortest version prefix a user may name: shorter ones match too many versions to be meant. */
    public static final int MIN_VERSION_PREFIX = 6;

    private final Connection connection;
    private final Path file;
    /** Versions this connection has kept or found kept, so that an eval's many runs of one version store its text once. */
    private final java.util.Set<String> keptVersions = new java.util.HashSet<>();

    private RunHistory(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** Opens (creating when missing) the history in {@code database} ({@code history} becomes {@code history.mv.db}). */
    public static RunHistory open(Path database) throws HistoryException {
        return new RunHistory(SchemaMigrations.open(database, MIGRATIONS, "the run history"), EmbeddedDatabase.fileOf(database));
    }

    /**
     * Adds a run and keeps the text its version hash was taken from ({@code promptSource}, the prompt's file), so that
     * the version can be run again later; committed when this returns.
     */
    public void record(RunRecord run, String promptSource) throws HistoryException {
        record(run);
        if (promptSource == null || run.promptHash() == null || !keptVersions.add(run.promptHash())) {
            return;
        }
        String sql = "INSERT INTO prompt_versions (hash, source, first_seen) SELECT ?, ?, ? FROM DUAL "
                + "WHERE NOT EXISTS (SELECT 1 FROM prompt_versions WHERE hash = ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, run.promptHash());
            insert.setString(2, promptSource);
            insert.setTimestamp(3, Timestamp.from(run.startedAt()));
            insert.setString(4, run.promptHash());
            insert.executeUpdate();
        } catch (SQLException e) {
            keptVersions.remove(run.promptHash());
            throw new HistoryException("cannot keep the prompt's version in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The text of the version whose hash starts with {@code prefix} (as {@code promptstudio history} and the History
     * view show it).
     *
     * @throws HistoryException when no kept version or more than one starts so, or the prefix is shorter than
     *         {@link #MIN_VERSION_PREFIX} or not hexadecimal
     */
    public String versionSource(String prefix) throws HistoryException {
        String wanted = prefix.strip().toLowerCase(java.util.Locale.ROOT);
        if (wanted.length() < MIN_VERSION_PREFIX || !wanted.matches("[0-9a-f]+")) {
            throw new HistoryException("a version is the first " + MIN_VERSION_PREFIX + " or more hexadecimal digits of its hash, not '"
                    + prefix + "'", null);
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT hash, source FROM prompt_versions WHERE hash LIKE ? LIMIT 2")) {
            select.setString(1, wanted + "%");
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new HistoryException("the history " + file + " keeps no prompt version " + prefix
                            + " (versions are kept from the runs made since PromptStudio kept them)", null);
                }
                String hash = row.getString(1);
                String source = row.getString(2);
                if (row.next()) {
                    throw new HistoryException("more than one version starts with " + prefix + " (" + hash.substring(0, 12) + ", "
                            + row.getString(1).substring(0, 12) + "); give more digits", null);
                }
                return source;
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot read the run history " + file + ": " + e.getMessage(), e);
        }
    }

    /** Adds a run, committed when this returns. */
    public void record(RunRecord run) throws HistoryException {
        String sql = "INSERT INTO runs (id, started_at, prompt, prompt_hash, profile, arguments_json, provider, requested_model, "
                + "returned_model, request_json, response_text, output_json, repairs_json, input_tokens, output_tokens, cached_tokens, "
                + "cost_usd, first_token_ms, total_ms, cache_status, status, error_kind, error_message) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            Object[] values = { run.id(), Timestamp.from(run.startedAt()), run.prompt(), run.promptHash(), run.profile(), run.argumentsJson(),
                    run.provider(), run.requestedModel(), run.returnedModel(), run.requestJson(), run.responseText(), run.outputJson(),
                    run.repairsJson(), run.inputTokens(), run.outputTokens(), run.cachedTokens(), run.cost(), run.firstTokenMillis(),
                    run.totalMillis(), run.cacheStatus(), run.status(), run.errorKind(), run.errorMessage() };
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    insert.setNull(i + 1, Types.NULL);
                } else {
                    insert.setObject(i + 1, values[i]);
                }
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryException("cannot record the run in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Which runs to list: any filter may be null; newest first, at most {@code limit}. */
    public record Query(String prompt, String model, String status, Instant since, int limit) {
    }

    public List<RunRecord> query(Query query) throws HistoryException {
        StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.prompt() != null) {
            sql.append(" AND (prompt = ? OR prompt LIKE ?)");
            parameters.add(query.prompt());
            parameters.add("%." + query.prompt());
        }
        if (query.model() != null) {
            sql.append(" AND (requested_model = ? OR returned_model = ?)");
            parameters.add(query.model());
            parameters.add(query.model());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            parameters.add(query.status());
        }
        if (query.since() != null) {
            sql.append(" AND started_at >= ?");
            parameters.add(Timestamp.from(query.since()));
        }
        sql.append(" ORDER BY started_at DESC, id LIMIT ?");
        parameters.add(Math.max(1, query.limit()));
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    runs.add(RunRecord.builder().id(row.getString("id")).startedAt(row.getTimestamp("started_at").toInstant())
                            .prompt(row.getString("prompt")).promptHash(row.getString("prompt_hash")).profile(row.getString("profile"))
                            .argumentsJson(row.getString("arguments_json")).provider(row.getString("provider"))
                            .requestedModel(row.getString("requested_model")).returnedModel(row.getString("returned_model"))
                            .requestJson(row.getString("request_json")).responseText(row.getString("response_text"))
                            .outputJson(row.getString("output_json")).repairsJson(row.getString("repairs_json"))
                            .inputTokens((Integer) row.getObject("input_tokens")).outputTokens((Integer) row.getObject("output_tokens"))
                            .cachedTokens((Integer) row.getObject("cached_tokens")).cost((BigDecimal) row.getObject("cost_usd"))
                            .firstTokenMillis((Long) row.getObject("first_token_ms")).totalMillis((Long) row.getObject("total_ms"))
                            .cacheStatus(row.getString("cache_status")).status(row.getString("status")).errorKind(row.getString("error_kind"))
                            .errorMessage(row.getString("error_message")).build());
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new HistoryException("cannot read the run history " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws HistoryException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new HistoryException("cannot close the run history " + file + ": " + e.getMessage(), e);
        }
    }
}
