package io.promptstudio.collab;

import io.promptstudio.core.io.RecordLog;
import io.promptstudio.crdt.Updates;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A shared document's state on this machine: every update, local or remote, appended to a {@link RecordLog} as it
 * happens, so that edits made offline — or before the workbench was killed — are there at the next start and are
 * sent to the server when it is reachable again. Long logs are folded into one record when opened.
 */
final class LocalState implements AutoCloseable {

    static final int FOLD_AFTER = 200;

    private final Path file;
    private FileChannel channel;

    private LocalState(Path file) {
        this.file = file;
    }

    /** The file of a document: its name made safe for any file system, plus a hash so that names never collide. */
    static Path fileFor(Path directory, String serverKey, String documentName) {
        String readable = documentName.replaceAll("[^A-Za-z0-9._-]", "_");
        String hash = Integer.toHexString((serverKey + "\n" + documentName).hashCode());
        return directory.resolve(readable + "-" + hash + ".ylog");
    }

    /** Opens the file and returns the updates it holds (folded into one when there were many). */
    static LocalState open(Path file, List<byte[]> updatesOut) throws IOException {
        Files.createDirectories(file.getParent());
        RecordLog.Contents contents = RecordLog.read(file);
        List<byte[]> records = contents.records();
        if (records.size() > FOLD_AFTER) {
            byte[] merged = Updates.merge(records.toArray(byte[][]::new));
            RecordLog.rewrite(file, List.of(merged));
            records = List.of(merged);
        }
        updatesOut.addAll(records);
        LocalState state = new LocalState(file);
        state.channel = RecordLog.openForAppend(file);
        return state;
    }

    synchronized void append(byte[] update) throws IOException {
        RecordLog.append(channel, List.of(update));
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
