package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.search.WorkspaceSearch;
import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Searches the workspace's prompts and ingested documents; the index is brought up to date with the prompt files first. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search prompts and ingested documents by meaning and keywords (hybrid BM25 + vectors).")
final class SearchCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUERY", description = "What to look for, in words.")
    String query;

    @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace folder (default: the current folder).")
    Path workspace = Path.of("");

    @Option(names = "--mode", paramLabel = "MODE", description = "hybrid (default), keyword or vector.")
    String mode = "hybrid";

    @Option(names = "--type", paramLabel = "TYPE", description = "Only results of this type: prompt, type, profile or chunk (repeatable).")
    List<String> types = new ArrayList<>();

    @Option(names = "--project", paramLabel = "PROJECT", description = "Only results from this project (repeatable).")
    List<String> projects = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "Only results with this tag (repeatable: all must match).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "At most N results (default: ${DEFAULT-VALUE}).")
    int limit = 10;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.text;

    @Override
    public Integer call() throws IOException, IndexException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SearchRequest.Mode searchMode;
        try {
            searchMode = SearchRequest.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio search: --mode must be hybrid, keyword or vector, not '" + mode + "'");
        }
        SearchRequest request;
        try {
            request = new SearchRequest(query, limit, searchMode, types, projects, tags);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio search: " + e.getMessage());
        }
        List<SearchHit> hits;
        try (WorkspaceSearch search = openSynced(workspace, "search", err)) {
            hits = search.search(request);
        }
        if (format == Format.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SearchHit hit : hits) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("title", hit.item().title());
                row.put("type", hit.item().type());
                row.put("source", hit.item().source());
                row.put("location", hit.item().location());
                row.put("project", hit.item().project());
                row.put("tags", hit.item().tags());
                row.put("score", hit.score());
                row.put("keyword_rank", hit.keywordRank());
                row.put("vector_rank", hit.vectorRank());
                row.put("similarity", Double.isNaN(hit.similarity()) ? null : hit.similarity());
                row.put("snippet", hit.snippet());
                rows.add(row);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else if (hits.isEmpty()) {
            err.println("promptstudio search: nothing found for '" + query + "'");
        } else {
            for (int i = 0; i < hits.size(); i++) {
                SearchHit hit = hits.get(i);
                out.printf("%d. %s  [%s]  %s%s  score %.4f%n", i + 1, hit.item().title().isEmpty() ? "(untitled)" : hit.item().title(), hit.item().type(),
                        CliPaths.shown(Path.of(hit.item().source())), hit.item().location().isEmpty() ? "" : " · " + hit.item().location(), hit.score());
                out.println("   " + hit.snippet());
            }
        }
        out.flush();
        return hits.isEmpty() ? 1 : 0;
    }

    /** The embedding model {@code PROMPTSTUDIO_EMBEDDER} names (the in-process one by default). */
    static io.promptstudio.search.embed.Embedder embedder(String command) {
        try {
            return io.promptstudio.search.embed.ProviderEmbedder.fromSetting(System.getenv("PROMPTSTUDIO_EMBEDDER"), System::getenv);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + e.getMessage());
        }
    }

    /** The workspace's search with its index in step with the prompt files, reporting a rebuilt index and unreadable files. */
    static WorkspaceSearch openSynced(Path workspace, String command, PrintWriter err) throws IOException, IndexException {
        if (!Files.isDirectory(workspace)) {
            throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio " + command + ": " + CliPaths.shown(workspace) + " is not a folder");
        }
        WorkspaceSearch search = WorkspaceSearch.open(workspace, embedder(command), message -> err.println("promptstudio " + command + ": " + message));
        try {
            List<Path> files = new ArrayList<>(CliPaths.promptFiles(List.of(workspace)));
            ProgressLine progress = new ProgressLine(err, command);
            int[] done = {0};
            WorkspaceSearch.PromptSync sync = search.syncPrompts(files, file -> progress.update(++done[0], files.size(), "indexing " + file));
            progress.done();
            sync.problems().forEach(problem -> err.println("promptstudio " + command + ": skipped " + problem));
        } catch (IOException | IndexException | RuntimeException e) {
            search.close();
            throw e;
        }
        err.flush();
        return search;
    }
}
