package io.promptstudio.search.ingest;

import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.index.IndexedItem;
import io.promptstudio.search.index.SearchIndex;
import io.promptstudio.search.text.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Ingests files and folders into the index: reads each by structure, chunks it, drops chunks whose text the
 * index holds already, and replaces the file's earlier chunks in one step. Files that have not changed since they
 * were indexed are skipped. A file that cannot be read (encrypted PDF, binary junk, over the size limit) is
 * reported with its reason and never stops the ingest.
 */
public final class Ingestor {

    /** Progress for a progress line or an Eclipse Job: {@code done} of {@code total} files, the current one. */
    public interface Progress {
        void file(int done, int total, Path file);
    }

    private final SearchIndex index;
    private final Chunker chunker;
    private final long maxBytes;

    public Ingestor(SearchIndex index, Chunker chunker, long maxBytes) {
        this.index = index;
        this.chunker = chunker;
        this.maxBytes = maxBytes;
    }

    public IngestReport ingest(List<Path> paths, String project, Progress progress) throws IndexException {
        List<IngestReport.Skipped> skipped = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                files.addAll(readableFiles(path, skipped));
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                skipped.add(new IngestReport.Skipped(path.toString(), "no such file or folder"));
            }
        }
        int indexed = 0;
        int unchanged = 0;
        int chunkCount = 0;
        int duplicates = 0;
        Set<String> seenThisRun = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            progress.file(i, files.size(), file);
            String source = file.toAbsolutePath().normalize().toString();
            try {
                byte[] bytes = SourceReaders.bytes(file, maxBytes);
                String hash = Fingerprint.sha256(bytes);
                if (index.sourceHash(source).filter(hash::equals).isPresent()) {
                    unchanged++;
                    continue;
                }
                SourceDocument document = SourceReaders.read(file, bytes);
                long modified = Files.getLastModifiedTime(file).toMillis();
                List<IndexedItem> items = new ArrayList<>();
                for (Chunk chunk : chunker.chunks(document)) {
                    String textHash = Fingerprint.ofText(chunk.text());
                    if (!seenThisRun.add(textHash) || index.holdsTextElsewhere(textHash, source)) {
                        duplicates++;
                        continue;
                    }
                    items.add(new IndexedItem("chunk:" + source + "#" + chunk.ordinal(), IndexedItem.CHUNK, source, project,
                            chunk.heading(), chunk.text(), List.of(document.format()), chunk.ordinal(), chunk.location(), modified));
                }
                index.replaceSource(source, hash, items);
                indexed++;
                chunkCount += items.size();
            } catch (UnreadableSourceException e) {
                skipped.add(new IngestReport.Skipped(source, e.getMessage()));
            } catch (IOException e) {
                skipped.add(new IngestReport.Skipped(source, "cannot read the file: " + e.getMessage()));
            } catch (RuntimeException e) {
                // a parser library failing on hostile input must not stop the other files
                skipped.add(new IngestReport.Skipped(source, "cannot be parsed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
            }
        }
        progress.file(files.size(), files.size(), null);
        index.commit();
        return new IngestReport(indexed, unchanged, chunkCount, duplicates, skipped);
    }

    /** Files of the formats ingest reads under a folder, hidden folders (.git, .promptstudio) left out. */
    private static List<Path> readableFiles(Path folder, List<IngestReport.Skipped> skipped) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !hidden(folder.relativize(file)))
                    .filter(file -> SourceReaders.format(file).isPresent())
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            skipped.add(new IngestReport.Skipped(folder.toString(), "cannot list the folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
