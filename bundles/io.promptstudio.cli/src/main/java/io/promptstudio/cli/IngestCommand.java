package io.promptstudio.cli;

import io.promptstudio.search.WorkspaceSearch;
import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.ingest.IngestReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Ingests documents into the workspace's index for retrieval; files that cannot be read are listed and skipped. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest Markdown, text, HTML and PDF files (or folders of them) for search and retrieval.")
final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "PATH", description = "Files or folders to ingest.")
    List<Path> paths;

    @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace folder whose index receives them (default: the current folder).")
    Path workspace = Path.of("");

    @Option(names = "--project", paramLabel = "PROJECT", description = "The project the documents belong to, for filtering (default: none).")
    String project = "";

    @Override
    public Integer call() throws IOException, IndexException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IngestReport report;
        try (WorkspaceSearch search = SearchCommand.openSynced(workspace, "ingest", err)) {
            ProgressLine progress = new ProgressLine(err, "ingest");
            report = search.ingest(paths, project, (done, total, file) -> progress.update(done, total, file == null ? null : CliPaths.shown(file)));
            progress.done();
        }
        for (IngestReport.Skipped skipped : report.skipped()) {
            err.println("promptstudio ingest: skipped " + CliPaths.shown(Path.of(skipped.file())) + ": " + skipped.reason());
        }
        err.flush();
        out.printf("ingested %d file%s (%d chunks); %d unchanged; %d duplicate chunk%s dropped; %d skipped%n", report.indexed(),
                report.indexed() == 1 ? "" : "s", report.chunks(), report.unchanged(), report.duplicates(), report.duplicates() == 1 ? "" : "s",
                report.skipped().size());
        out.flush();
        return report.indexed() == 0 && report.unchanged() == 0 && !report.skipped().isEmpty() ? 1 : 0;
    }
}
