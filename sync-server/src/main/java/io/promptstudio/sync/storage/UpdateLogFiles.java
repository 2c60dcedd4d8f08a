package io.promptstudio.sync.storage;

import io.promptstudio.core.io.RecordLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update logs: one {@link RecordLog} per document and generation, {@code <id>-<generation>.log}. Appending is
 * one gathering write per document and batch; a record is in the operating system's cache when {@link #append}
 * returns (it survives the process being killed) and, with {@code fsync}, on the disk. Compaction seals a
 * document's log by moving its appends to the next generation, merges the sealed ones, and commits the database row
 * naming the first generation it did not merge: that row is the one switch between old and new. A load reads the
 * generation the row names and every later one, so a crash between the seal and the commit loses nothing.
 */
final class UpdateLogFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateLogFiles.class);
    private static final int OPEN_FILES = 256;

    private final Path directory;
    private final boolean fsync;
    private final Map<Path, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileChannel> eldest) {
            if (size() > OPEN_FILES) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    UpdateLogFiles(Path directory, boolean fsync) {
        this.directory = directory;
        this.fsync = fsync;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the update-log folder " + directory, e);
        }
    }

    Path file(long documentId, long generation) {
        return directory.resolve(documentId + "-" + generation + ".log");
    }

    /** Appends records to several documents' logs; all are written (and forced, with fsync) when it returns. */
    synchronized void append(Map<Long, Long> generations, List<StoreRecords.Append> updates) throws IOException {
        Map<Long, List<byte[]>> byDocument = new LinkedHashMap<>();
        for (StoreRecords.Append append : updates) {
            byDocument.computeIfAbsent(append.documentId(), id -> new ArrayList<>()).add(append.update());
        }
        List<FileChannel> touched = new ArrayList<>(byDocument.size());
        for (var entry : byDocument.entrySet()) {
            Long generation = generations.get(entry.getKey());
            if (generation == null) {
                throw new IOException("document #" + entry.getKey() + " does not exist");
            }
            FileChannel channel = channel(file(entry.getKey(), generation));
            RecordLog.append(channel, entry.getValue());
            touched.add(channel);
        }
        if (fsync) {
            for (FileChannel channel : touched) {
                channel.force(false);
            }
        }
    }

    private FileChannel channel(Path file) throws IOException {
        FileChannel channel = open.get(file);
        if (channel == null || !channel.isOpen()) {
            channel = RecordLog.openForAppend(file);
            open.put(file, channel);
        }
        return channel;
    }

    /** The records of one log, cutting off a torn or corrupt tail. */
    synchronized List<byte[]> read(long documentId, long generation) throws IOException {
        Path file = file(documentId, generation);
        closeQuietly(open.remove(file));
        RecordLog.Contents contents = RecordLog.read(file);
        if (contents.wasCut()) {
            LOG.atWarn().addKeyValue("file", file).addKeyValue("validBytes", contents.validBytes())
                    .addKeyValue("fileBytes", contents.fileBytes())
                    .log("update log ends in a torn or corrupt record (a crash while writing); cut there");
        }
        return contents.records();
    }

    synchronized long size(long documentId, long generation) {
        try {
            Path file = file(documentId, generation);
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    synchronized long lastModified(long documentId, long generation) {
        try {
            Path file = file(documentId, generation);
            return Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The generations of a document's logs on disk from {@code from} on, in order. */
    synchronized List<Long> generationsFrom(long documentId, long from) {
        List<Long> found = new ArrayList<>();
        for (long generation : generations(documentId)) {
            if (generation >= from) {
                found.add(generation);
            }
        }
        return found;
    }

    /** Deletes the logs of a document below {@code generation} (all of them with {@code Long.MAX_VALUE}). */
    synchronized void deleteBelow(long documentId, long generation) {
        for (long present : generations(documentId)) {
            if (present < generation) {
                Path file = file(documentId, present);
                closeQuietly(open.remove(file));
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.atWarn().setCause(e).addKeyValue("file", file).log("cannot delete an old update log; it is retried on the next compaction");
                }
            }
        }
    }

    private List<Long> generations(long documentId) {
        List<Long> found = new ArrayList<>();
        String prefix = documentId + "-";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.log")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    found.add(Long.parseLong(name.substring(prefix.length(), name.length() - ".log".length())));
                } catch (NumberFormatException notOurs) {
                    // a file that only looks like a log (copied in by hand): not read, not deleted
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the update logs of document #" + documentId + " in " + directory, e);
        }
        found.sort(null);
        return found;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a log we are done with
            }
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(UpdateLogFiles::closeQuietly);
        open.clear();
    }
}
