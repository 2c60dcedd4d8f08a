package io.promptstudio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.search.WorkspaceSearch;
import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.retrieve.ContextPacker;
import io.promptstudio.search.retrieve.RetrievedChunk;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows what retrieval would give a prompt for a question: the chunks, their relevance and trust, packed to a budget. */
@Command(name = "retrieve", mixinStandardHelpOptions = true,
        description = "Retrieve ingested chunks for a question, with relevance and trust, packed into a token budget.")
final class RetrieveCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUESTION", description = "The question to ground.")
    String question;

    @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace folder (default: the current folder).")
    Path workspace = Path.of("");

    @Option(names = "--project", paramLabel = "PROJECT", description = "Only chunks of this project (repeatable).")
    List<String> projects = new ArrayList<>();

    @Option(names = "--budget", paramLabel = "TOKENS", description = "Tokens the context may take (default: ${DEFAULT-VALUE}).")
    int budget = 1500;

    @Option(names = "--candidates", paramLabel = "N", description = "Chunks retrieved before packing (default: ${DEFAULT-VALUE}).")
    int candidates = 20;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json (what a prompt's Passage[] parameter takes).")
    Format format = Format.text;

    @Override
    public Integer call() throws IOException, IndexException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ContextPacker.Packed packed;
        try (WorkspaceSearch search = SearchCommand.openSynced(workspace, "retrieve", err)) {
            List<RetrievedChunk> chunks;
            try {
                chunks = search.retriever().retrieve(question, candidates, projects);
                packed = ContextPacker.pack(chunks, budget);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(PromptStudioCli.EXIT_USAGE, "promptstudio retrieve: " + e.getMessage());
            }
        }
        if (format == Format.json) {
            List<Map<String, Object>> passages = new ArrayList<>();
            for (RetrievedChunk chunk : packed.chunks()) {
                Map<String, Object> passage = new LinkedHashMap<>();
                passage.put("id", chunk.id());
                passage.put("title", chunk.title());
                passage.put("text", chunk.text());
                passage.put("score", Math.round(chunk.relevance() * 1000) / 1000.0);
                passage.put("trust", Math.round(chunk.trust() * 1000) / 1000.0);
                passage.put("source", chunk.source());
                passage.put("location", chunk.location());
                passages.add(passage);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(passages));
        } else {
            for (RetrievedChunk chunk : packed.chunks()) {
                out.printf("%s%s  relevance %.2f · trust %.2f (source %.2f, freshness %.2f, agreement %.2f) · %d tokens%n",
                        CliPaths.shown(Path.of(chunk.source())), chunk.location().isEmpty() ? "" : " · " + chunk.location(), chunk.relevance(),
                        chunk.trust(), chunk.sourceTrust(), chunk.freshness(), chunk.agreement(), chunk.tokens());
                out.println("   " + chunk.text().replaceAll("\\s+", " "));
            }
            err.printf("packed %d chunk%s, %d of %d tokens; %d left out%n", packed.chunks().size(), packed.chunks().size() == 1 ? "" : "s", packed.tokens(),
                    budget, packed.dropped());
        }
        out.flush();
        err.flush();
        return packed.chunks().isEmpty() ? 1 : 0;
    }
}
