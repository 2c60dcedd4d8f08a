package io.promptstudio.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How PromptStudio opens its embedded H2 databases (the run history, the semantic cache, the sync server's store)
 * and reads why one would not open. Free of H2's classes: the caller hands in H2's driver, made by name, since under
 * OSGi the JDBC driver registry cannot see the H2 bundle.
 */
public final class EmbeddedDatabase {

    /** Why a database did not open, as the user can act on it. */
    public enum Refusal {
        /** Another process has it open. */
        IN_USE,
        /** The file is damaged; it was left as it is. */
        DAMAGED,
        /** The file is not a database of this kind (another format or version, or encrypted). */
        FOREIGN,
        /** Anything else: the driver's own message says what. */
        OTHER
    }

    /** H2's error codes for the refusals above (org.h2.api.ErrorCode). */
    private static final int DATABASE_ALREADY_OPEN = 90020;
    private static final int FILE_CORRUPTED = 90030;
    private static final int FILE_VERSION_ERROR = 90048;
    private static final int FILE_ENCRYPTION_ERROR = 90049;

    private EmbeddedDatabase() {
    }

    /** The file H2 keeps a database in: {@code history} becomes {@code history.mv.db}. */
    public static Path fileOf(Path database) {
        Path absolute = database.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".mv.db");
    }

    /** The JDBC URL of a database file with H2's options ({@code WRITE_DELAY=0}, …), closed by its owner, not at exit. */
    public static String url(Path database, String... options) {
        StringBuilder url = new StringBuilder("jdbc:h2:file:").append(database.toAbsolutePath().normalize()).append(";DB_CLOSE_ON_EXIT=FALSE");
        for (String option : options) {
            url.append(';').append(option);
        }
        return url.toString();
    }

    /**
     * Opens (creating when missing, with its folder) the database {@code database} through H2's {@code driver}.
     *
     * @throws IOException  when the folder cannot be made
     * @throws SQLException when the database does not open: {@link #refusal} says why
     */
    public static Connection open(Driver driver, Path database) throws IOException, SQLException {
        Files.createDirectories(database.toAbsolutePath().normalize().getParent());
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "");
        return driver.connect(url(database), credentials);
    }

    /** Why the database did not open. */
    public static Refusal refusal(SQLException failure) {
        String message = String.valueOf(failure.getMessage());
        return switch (failure.getErrorCode()) {
            case DATABASE_ALREADY_OPEN -> Refusal.IN_USE;
            case FILE_CORRUPTED -> Refusal.DAMAGED;
            case FILE_VERSION_ERROR, FILE_ENCRYPTION_ERROR -> Refusal.FOREIGN;
            default -> message.contains("locked") ? Refusal.IN_USE : message.contains("corrupt") ? Refusal.DAMAGED : Refusal.OTHER;
        };
    }
}
