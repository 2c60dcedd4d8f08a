package io.promptstudio.search;

import io.promptstudio.core.PromptFile;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchIndex;
import io.promptstudio.search.index.SearchRequest;
import io.promptstudio.search.ingest.Chunker;
import io.promptstudio.search.ingest.IngestReport;
import io.promptstudio.search.ingest.Ingestor;
import io.promptstudio.search.ingest.SourceReaders;
import io.promptstudio.search.prompts.PromptItems;
import io.promptstudio.search.retrieve.Retriever;
import io.promptstudio.search.retrieve.SourceTrust;
import io.promptstudio.search.text.Fingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The search of one workspace (a folder of projects): its index in {@code .promptstudio/search/index}, the
 * user's source trust in {@code .promptstudio/search/trust.properties}. What the CLI and the workbench use.
 */
public final class WorkspaceSearch implements AutoCloseable {

    /** Keeps the index in step with the prompt files: what changed is re-read, what is gone is removed. */
    public record PromptSync(int indexed, int unchanged, int removed, List<String> problems) {
    }

    private final Path root;
    private final SearchIndex index;

    private WorkspaceSearch(Path root, SearchIndex index) {
        this.root = root;
        this.index = index;
    }

    public static Path indexFolder(Path root) {
        return root.resolve(".promptstudio").resolve("search").resolve("index");
    }

    public static Path trustFile(Path root) {
        return root.resolve(".promptstudio").resolve("search").resolve("trust.properties");
    }

    public static WorkspaceSearch open(Path root, Embedder embedder, Consumer<String> messages) throws IndexException {
        Path absolute = root.toAbsolutePath().normalize();
        return new WorkspaceSearch(absolute, SearchIndex.open(indexFolder(absolute), embedder, SearchIndex.Options.DEFAULT, messages));
    }

    public Path root() {
        return root;
    }

    public SearchIndex index() {
        return index;
    }

    /** The project of a file: the first folder under the workspace root ("" for files outside any project). */
    public String projectOf(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            return "";
        }
        Path relative = root.relativize(absolute);
        return relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
    }

    /**
     * Indexes the prompt files that changed since they were indexed and removes the items of prompt files and
     * ingested documents under the root that no longer exist.
     */
    public PromptSync syncPrompts(Collection<Path> promptFiles, Consumer<String> progress) throws IndexException {
        Map<String, String> known = index.sources();
        Set<String> present = new HashSet<>();
        List<Path> changed = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int unchanged = 0;
        for (Path file : promptFiles) {
            String source = file.toAbsolutePath().normalize().toString();
            present.add(source);
            try {
                String hash = Fingerprint.sha256(Files.readAllBytes(file));
                if (hash.equals(known.get(source))) {
                    unchanged++;
                } else {
                    changed.add(file);
                    hashes.add(hash);
                }
            } catch (IOException e) {
                problems.add(source + ": cannot read the file: " + e.getMessage());
            }
        }
        LanguageWorkspace workspace = LanguageWorkspace.load(changed);
        for (int i = 0; i < changed.size(); i++) {
            Path file = changed.get(i);
            progress.accept("indexing " + file);
            long modified;
            try {
                modified = Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                modified = 0;
            }
            index.replaceSource(file.toAbsolutePath().normalize().toString(), hashes.get(i),
                    PromptItems.of(workspace, file, projectOf(file), modified));
        }
        workspace.loadProblems().forEach(problem -> problems.add(problem.file() + ": " + problem.message()));
        int removed = 0;
        for (String source : known.keySet()) {
            Path path = Path.of(source);
            boolean prompt = PromptFile.isPromptFile(path);
            boolean gone = prompt ? !present.contains(source) && path.startsWith(root) : !Files.exists(path);
            if (gone) {
                index.deleteSource(source);
                removed++;
            }
        }
        index.commit();
        return new PromptSync(changed.size(), unchanged, removed, problems);
    }

    public IngestReport ingest(List<Path> paths, String project, Ingestor.Progress progress) throws IndexException {
        return new Ingestor(index, Chunker.standard(), SourceReaders.DEFAULT_MAX_BYTES).ingest(paths, project, progress);
    }

    public List<SearchHit> search(SearchRequest request) throws IndexException {
        return index.search(request);
    }

    public Retriever retriever() throws IOException {
        return new Retriever(index, SourceTrust.read(trustFile(root)), Clock.systemUTC());
    }

    @Override
    public void close() throws IndexException {
        index.close();
    }
}
