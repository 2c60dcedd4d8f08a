package io.promptstudio.sync.storage;

import io.promptstudio.sync.storage.StoreRecords.Backup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Online backups: the database through H2's own BACKUP and the update logs, into a new folder readable by the
 * server's user alone.
 */
final class H2Backups {

    private final H2Database db;
    private final Path dataDirectory;

    H2Backups(H2Database db, Path dataDirectory) {
        this.db = db;
        this.dataDirectory = dataDirectory;
    }

    Backup backup(Path target) {
        Path folder = target.toAbsolutePath().normalize();
        if (folder.startsWith(dataDirectory)) {
            throw new StorageException("the backup folder " + folder + " is inside the data folder " + dataDirectory, null);
        }
        try {
            createPrivateFolders(folder);
            try (var entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new StorageException("the backup folder " + folder + " is not empty", null);
                }
            }
            // H2's own online backup: a consistent copy of the database file while it stays open
            Path zip = folder.resolve("database.zip");
            try (Connection connection = db.connection(); Statement statement = connection.createStatement()) {
                statement.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
            }
            int files = 0;
            long bytes = 0;
            try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
                for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    Path file = folder.resolve(entry.getName()).normalize();
                    if (!file.startsWith(folder) || entry.isDirectory()) {
                        continue;
                    }
                    bytes += Files.copy(in, file);
                    makePrivate(file);
                    files++;
                }
            }
            Files.delete(zip);
            Path logsFrom = dataDirectory.resolve("logs");
            Path logsTo = createPrivateFolders(folder.resolve("logs"));
            try (var logFiles = Files.list(logsFrom)) {
                for (Path log : (Iterable<Path>) logFiles::iterator) {
                    if (Files.isRegularFile(log)) {
                        Path copy = Files.copy(log, logsTo.resolve(log.getFileName()));
                        makePrivate(copy);
                        bytes += Files.size(copy);
                        files++;
                    }
                }
            }
            return new Backup(folder, files, bytes);
        } catch (java.io.IOException | SQLException e) {
            throw new StorageException("cannot back up to " + folder + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FOLDER =
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FILE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    /**
     * Creates the folder and any missing parents readable by the server's user alone (0700): a backup holds every
     * tenant's documents and password hashes. A folder that exists already keeps its permissions.
     */
    private static Path createPrivateFolders(Path folder) throws java.io.IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        if (folder.getParent() != null) {
            createPrivateFolders(folder.getParent());
        }
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
        }
        return Files.createDirectory(folder);
    }

    /** 0600, where the file system has POSIX permissions. */
    private static void makePrivate(Path file) throws java.io.IOException {
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
    }
}
