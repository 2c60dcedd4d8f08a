package io.promptstudio.ui.search.internal;

import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchRequest;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.search.SearchService;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

/** A search of prompts and documents: the hits, how long it took, and what the index reported on the way. */
final class SearchOperation implements WorkbenchOperation {

    /** What a search found. */
    record Found(List<SearchHit> hits, long millis, List<String> messages) {
    }

    private final SearchService search;
    private final SearchRequest request;
    private final Consumer<Found> done;
    private final Consumer<Throwable> failed;

    SearchOperation(SearchService search, SearchRequest request, Consumer<Found> done, Consumer<Throwable> failed) {
        this.search = search;
        this.request = request;
        this.done = done;
        this.failed = failed;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        try {
            long start = System.nanoTime();
            List<SearchHit> hits = search.search(request, monitor);
            done.accept(new Found(hits, (System.nanoTime() - start) / 1_000_000, search.takeMessages()));
        } catch (IndexException | RuntimeException | LinkageError e) {
            failed.accept(e);
            throw new CoreException(SearchService.error(e));
        }
    }
}
