package io.promptstudio.store;

import io.promptstudio.core.io.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings an embedded database's schema forward: step n takes it from version n to n + 1, each step in one
 * transaction, recorded in {@code schema_version}. A file of a newer schema is refused and left as it is. The stores
 * of PromptStudio's own files (the run history, the eval store) open their databases through this.
 */
public final class SchemaMigrations {

    private SchemaMigrations() {
    }

    /**
     * Applies the steps {@code database} lacks.
     *
     * @param what the database for messages, e.g. "the run history /home/a/.promptstudio/history.mv.db"
     * @throws HistoryException when the file was written by a newer PromptStudio
     */
    public static void migrate(Connection connection, List<String> steps, String what) throws SQLException, HistoryException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)");
            int version;
            try (ResultSet result = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                result.next();
                version = result.getInt(1);
            }
            if (version > steps.size()) {
                throw new HistoryException(what + " was written by a newer PromptStudio (schema " + version + ", this one knows "
                        + steps.size() + "); it was left as it is", null);
            }
            connection.setAutoCommit(false);
            try {
                for (int step = version; step < steps.size(); step++) {
                    for (String sql : steps.get(step).split(";\\s*\\n")) {
                        statement.execute(sql);
                    }
                    statement.execute("INSERT INTO schema_version VALUES (" + (step + 1) + ")");
                    connection.commit();
                }
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Opens and migrates {@code database}; a refusal says why in words, naming {@code what} and the file. */
    public static Connection open(Path database, List<String> steps, String what) throws HistoryException {
        Path shown = EmbeddedDatabase.fileOf(database);
        Connection connection = null;
        try {
            connection = EmbeddedDatabase.open(new org.h2.Driver(), database);
            // Two opens of a new file in one process (a view reading the history while a run starts) would both find
            // no schema and both create it; one at a time, the second finds it made. Other processes are kept out by
            // H2's file lock.
            synchronized (SchemaMigrations.class) {
                migrate(connection, steps, what + " " + shown);
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            String reason = switch (EmbeddedDatabase.refusal(e)) {
                case IN_USE -> "another process is using it (close the other PromptStudio, or use another file)";
                case DAMAGED -> "it is damaged; it was left as it is — move it away to start a new one";
                case FOREIGN -> "it is not " + what + "; it was left as it is";
                case OTHER -> e.getMessage();
            };
            throw new HistoryException("cannot open " + what + " " + shown + ": " + reason, e);
        } catch (HistoryException e) {
            closeQuietly(connection);
            throw e;
        } catch (java.io.IOException e) {
            throw new HistoryException("cannot create the folder of " + what + " " + shown + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the refusal being reported matters more than a failure to close
            }
        }
    }

    /** Sets the parameters of an insert after its first, the id. */
    @FunctionalInterface
    public interface RowValues {
        void set(PreparedStatement insert) throws SQLException;
    }

    /**
     * Inserts a row under a fresh id of eight hex digits (short enough to type), its first parameter, drawing again on
     * the rare collision with an existing id.
     *
     * @return the id
     */
    public static String insertWithFreshId(Connection connection, String sql, RowValues values) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            String id = java.util.UUID.randomUUID().toString().substring(0, 8);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, id);
                values.set(insert);
                insert.executeUpdate();
                return id;
            } catch (SQLException e) {
                if (attempt > 3 || !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
