package io.promptstudio.sync.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update logs: one append-only file per document and generation, {@code <id>-<generation>.log}, of records
 * {@code [length u32][crc32c u32][update bytes]}. Appending is one gathering write per document and batch; a
 * record is in the operating system's cache when {@link #append} returns (it survives the process being killed)
 * and, with {@code fsync}, on the disk. Reading stops at the first torn or corrupt record — what a crash in the
 * middle of a write leaves — and cuts the file there. Compaction moves a document to the next generation, so
 * that the database row naming the generation is the one switch between old and new.
 */
final class UpdateLogFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateLogFiles.class);
    static final int HEADER = 8;
    static final int MAX_RECORD = 256 * 1024 * 1024;
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
        Map<Long, List<ByteBuffer>> byDocument = new LinkedHashMap<>();
        for (StoreRecords.Append append : updates) {
            byte[] data = append.update();
            CRC32C crc = new CRC32C();
            crc.update(data);
            ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(data.length).putInt((int) crc.getValue()).flip();
            List<ByteBuffer> buffers = byDocument.computeIfAbsent(append.documentId(), id -> new ArrayList<>());
            buffers.add(header);
            buffers.add(ByteBuffer.wrap(data));
        }
        List<FileChannel> touched = new ArrayList<>(byDocument.size());
        for (var entry : byDocument.entrySet()) {
            Long generation = generations.get(entry.getKey());
            if (generation == null) {
                throw new IOException("document #" + entry.getKey() + " does not exist");
            }
            FileChannel channel = channel(file(entry.getKey(), generation));
            ByteBuffer[] buffers = entry.getValue().toArray(ByteBuffer[]::new);
            while (buffers[buffers.length - 1].hasRemaining()) {
                channel.write(buffers);
            }
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
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            open.put(file, channel);
        }
        return channel;
    }

    /** The records of one log, cutting off a torn or corrupt tail. */
    synchronized List<byte[]> read(long documentId, long generation) throws IOException {
        Path file = file(documentId, generation);
        List<byte[]> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        closeQuietly(open.remove(file));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (position < size) {
                header.clear();
                if (size - position < HEADER || channel.read(header, position) < HEADER) {
                    break;
                }
                header.flip();
                int length = header.getInt();
                int expected = header.getInt();
                if (length < 0 || length > MAX_RECORD || position + HEADER + length > size) {
                    break;
                }
                ByteBuffer data = ByteBuffer.allocate(length);
                while (data.hasRemaining() && channel.read(data, position + HEADER + data.position()) > 0) {
                    // reads until full
                }
                CRC32C crc = new CRC32C();
                crc.update(data.array());
                if ((int) crc.getValue() != expected) {
                    break;
                }
                records.add(data.array());
                position += HEADER + length;
            }
            if (position < size) {
                LOG.atWarn().addKeyValue("file", file).addKeyValue("validBytes", position).addKeyValue("fileBytes", size)
                        .log("update log ends in a torn or corrupt record (a crash while writing); cut there");
                channel.truncate(position);
            }
        }
        return records;
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

    /** Deletes the logs of a document other than {@code keep} (all of them with {@code keep} = -1). */
    synchronized void deleteOthers(long documentId, long keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, documentId + "-*.log")) {
            for (Path file : files) {
                if (!file.equals(file(documentId, keep))) {
                    closeQuietly(open.remove(file));
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.atWarn().setCause(e).addKeyValue("document", documentId).log("cannot delete old update logs; they are retried on the next compaction");
        }
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
