package io.promptstudio.ui.search.internal;

import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.ingest.IngestReport;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.search.SearchService;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.statushandlers.StatusManager;

/** "Ingest Folder…": documents into the search index, with progress; each skipped file is logged with its reason. */
final class IngestOperation implements WorkbenchOperation {

    private final SearchService search;
    private final List<Path> paths;
    private final Consumer<IngestReport> done;
    private final Consumer<Throwable> failed;

    IngestOperation(SearchService search, List<Path> paths, Consumer<IngestReport> done, Consumer<Throwable> failed) {
        this.search = search;
        this.paths = List.copyOf(paths);
        this.done = done;
        this.failed = failed;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        try {
            IngestReport report = search.ingest(paths, monitor);
            done.accept(report);
            for (IngestReport.Skipped skipped : report.skipped()) {
                StatusManager.getManager().handle(Status.warning(NLS.bind(Messages.Ingest_skipped, skipped.file(), skipped.reason())),
                        StatusManager.LOG);
            }
        } catch (IndexException | RuntimeException | LinkageError e) {
            failed.accept(e);
            throw new CoreException(SearchService.error(e));
        }
    }
}
