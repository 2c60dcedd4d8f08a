package io.promptstudio.sync.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The store's connections and the few ways its tables are used: a unit of work in one transaction, a query into
 * records, and inserts and updates with their parameters bound. Each table's class goes through it.
 */
final class H2Database implements AutoCloseable {

    /** SQLSTATE of a unique or primary key violation. */
    private static final String DUPLICATE_KEY = "23505";

    private final JdbcConnectionPool pool;

    H2Database(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /** A connection of its own (for work outside a transaction, such as H2's BACKUP); the caller closes it. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    <T> List<T> query(String what, String sql, Row<T> row, Object... parameters) {
        return inTransaction(what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                bind(select, parameters);
                List<T> result = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(row.read(rows));
                    }
                }
                return result;
            }
        });
    }

    /**
     * Runs an insert; false when a concurrent transaction inserted the same key after this one looked (the check
     * before it is a read, so two first joins of a new workspace's documents can both pass it).
     */
    static boolean insertUnlessTaken(PreparedStatement insert) throws SQLException {
        try {
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Inserts one row; returns the id the database gave it. */
    static long insert(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(statement, parameters);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    @Override
    public void close() {
        // Closing the pool's last connection closes the database, which writes its last pages and frees the file.
        pool.dispose();
    }
}
