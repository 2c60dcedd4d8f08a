package io.promptstudio.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only file of records {@code [length u32][crc32c u32][bytes]}. Appending is one gathering write; reading
 * stops at the first torn or corrupt record — what a crash in the middle of a write leaves — and cuts the file
 * there, so the next append continues after the last good record. Used for the sync server's update logs and
 * the workbench's offline document state.
 */
public final class RecordLog {

    public static final int HEADER = 8;
    public static final int MAX_RECORD = 256 * 1024 * 1024;

    /** What {@link #read} found. */
    public record Contents(List<byte[]> records, long validBytes, long fileBytes) {
        public boolean wasCut() {
            return validBytes < fileBytes;
        }
    }

    private RecordLog() {
    }

    /** Writes the records at the end of an append-mode channel in one gathering write. */
    public static void append(FileChannel channel, List<byte[]> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = new ByteBuffer[records.size() * 2];
        for (int i = 0; i < records.size(); i++) {
            byte[] data = records.get(i);
            if (data.length > MAX_RECORD) {
                throw new IOException("a record of " + data.length + " bytes is larger than " + MAX_RECORD);
            }
            CRC32C crc = new CRC32C();
            crc.update(data);
            buffers[2 * i] = ByteBuffer.allocate(HEADER).putInt(data.length).putInt((int) crc.getValue()).flip();
            buffers[2 * i + 1] = ByteBuffer.wrap(data);
        }
        while (buffers[buffers.length - 1].hasRemaining()) {
            channel.write(buffers);
        }
    }

    /** Opens a file for appending, creating it. */
    public static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The good records of a file (none when it does not exist); a torn or corrupt tail is cut off the file. */
    public static Contents read(Path file) throws IOException {
        List<byte[]> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Contents(records, 0, 0);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (size - position >= HEADER) {
                header.clear();
                readFully(channel, header, position);
                header.flip();
                int length = header.getInt();
                int expected = header.getInt();
                if (length < 0 || length > MAX_RECORD || position + HEADER + length > size) {
                    break;
                }
                ByteBuffer data = ByteBuffer.allocate(length);
                readFully(channel, data, position + HEADER);
                CRC32C crc = new CRC32C();
                crc.update(data.array());
                if ((int) crc.getValue() != expected) {
                    break;
                }
                records.add(data.array());
                position += HEADER + length;
            }
            if (position < size) {
                channel.truncate(position);
            }
            return new Contents(records, position, size);
        }
    }

    /** Replaces a file's records at once (written beside it, then moved over it atomically). */
    public static void rewrite(Path file, List<byte[]> records) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            append(channel, records);
            channel.force(true);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }
}
