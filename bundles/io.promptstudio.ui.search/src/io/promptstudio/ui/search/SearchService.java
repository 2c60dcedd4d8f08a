package io.promptstudio.ui.search;

import io.promptstudio.core.PromptFile;
import io.promptstudio.search.WorkspaceSearch;
import io.promptstudio.search.index.IndexException;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchRequest;
import io.promptstudio.search.ingest.IngestReport;
import io.promptstudio.ui.search.internal.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.services.IDisposable;

/**
 * The workbench's search: one {@link WorkspaceSearch} over the Eclipse workspace's folder, opened and brought up to
 * date on first use, kept in step with the prompt files by a background job after every change, and closed at
 * shutdown. Every
 * method that touches the index runs in a job, never on the UI thread (embedding a query takes milliseconds,
 * loading the model a second).
 */
public final class SearchService implements IDisposable {

    private static final long SYNC_DELAY_MS = 1500;

    private WorkspaceSearch search;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Job syncJob = Job.create(Messages.Index_job, monitor -> {
        try {
            sync(monitor);
            return Status.OK_STATUS;
        } catch (IndexException e) {
            return Status.error(e.getMessage(), e);
        }
    });
    private final IResourceChangeListener changes = this::changed;
    private boolean listening;
    private boolean synced;

    /** Made once, by {@code SearchServiceFactory}, for the workbench's parts and handlers. */
    public SearchService() {
        syncJob.setSystem(true);
    }

    /** What the index reported since the last call (a rebuilt index, files it could not read). */
    public List<String> takeMessages() {
        List<String> taken = new ArrayList<>(messages);
        messages.clear();
        return taken;
    }

    private synchronized WorkspaceSearch open() throws IndexException {
        if (search == null) {
            Path root = ResourcesPlugin.getWorkspace().getRoot().getLocation().toPath();
            search = WorkspaceSearch.open(root, embedder(), messages::add);
            if (!listening) {
                ResourcesPlugin.getWorkspace().addResourceChangeListener(changes, IResourceChangeEvent.POST_CHANGE);
                listening = true;
            }
        }
        return search;
    }

    /**
     * The embedding model {@code PROMPTSTUDIO_EMBEDDER} names, as the CLI reads it: the in-process model by default,
     * or {@code openai:MODEL} with its key from secure storage (or {@code OPENAI_API_KEY}).
     *
     * @throws IllegalArgumentException for a setting that names no model PromptStudio knows
     */
    public static io.promptstudio.search.embed.Embedder embedder() {
        return io.promptstudio.search.embed.ProviderEmbedder.fromSetting(System.getenv("PROMPTSTUDIO_EMBEDDER"),
                name -> name.equals("OPENAI_API_KEY") ? io.promptstudio.ui.KeyStore.lookup(name) : System.getenv(name));
    }

    /** Brings the index up to date with the prompt files of every open project. */
    public synchronized WorkspaceSearch.PromptSync sync(IProgressMonitor monitor) throws IndexException {
        SubMonitor progress = SubMonitor.convert(monitor, Messages.Index_task, 2);
        WorkspaceSearch opened = open();
        List<Path> files = promptFiles();
        progress.worked(1);
        WorkspaceSearch.PromptSync sync = opened.syncPrompts(files, file -> progress.subTask(file));
        sync.problems().forEach(problem -> messages.add(NLS.bind(Messages.Index_notIndexed, problem)));
        progress.worked(1);
        return sync;
    }

    public synchronized List<SearchHit> search(SearchRequest request, IProgressMonitor monitor) throws IndexException {
        syncOnce(monitor);
        return open().search(request);
    }

    /**
     * Indexes the workspace on first use; after that the change listener's job keeps the index in step, so a search
     * does not re-read every prompt file.
     */
    private void syncOnce(IProgressMonitor monitor) throws IndexException {
        if (!synced) {
            sync(monitor);
            synced = true;
        }
    }

    /** Chunks for a question packed into a token budget, as records with the given fields (a {@code Passage[]} argument). */
    public synchronized List<java.util.Map<String, Object>> passages(String question, java.util.Collection<String> fields, int budget,
            IProgressMonitor monitor) throws IndexException, java.io.IOException {
        syncOnce(monitor);
        var chunks = open().retriever().retrieve(question, 20, List.of());
        return io.promptstudio.search.retrieve.Passages.records(io.promptstudio.search.retrieve.ContextPacker.pack(chunks, budget).chunks(), fields);
    }

    public synchronized IngestReport ingest(List<Path> paths, IProgressMonitor monitor) throws IndexException {
        SubMonitor progress = SubMonitor.convert(monitor, Messages.Ingest_task, 100);
        WorkspaceSearch opened = open();
        int[] last = {0};
        return opened.ingest(paths, "", (done, total, file) -> {
            if (progress.isCanceled()) {
                throw new org.eclipse.core.runtime.OperationCanceledException();
            }
            int now = total == 0 ? 100 : done * 100 / total;
            progress.worked(now - last[0]);
            last[0] = now;
            if (file != null) {
                progress.subTask(NLS.bind(Messages.Ingest_progress, new Object[] {file.getFileName(), done + 1, total}));
            }
        });
    }

    private List<Path> promptFiles() {
        List<Path> files = new ArrayList<>();
        try {
            ResourcesPlugin.getWorkspace().getRoot().accept(resource -> {
                if (resource.getType() == IResource.FILE && resource.getLocation() != null
                        && PromptFile.isPromptFile(resource.getLocation().toPath())) {
                    files.add(resource.getLocation().toPath());
                }
                // hidden folders (.git, .promptstudio) and build output hold no prompts of the project
                return !(resource.getType() == IResource.FOLDER && (resource.getName().startsWith(".") || resource.isDerived()));
            });
        } catch (CoreException e) {
            messages.add(NLS.bind(Messages.Index_listFailed, e.getMessage()));
        }
        return files;
    }

    private void changed(IResourceChangeEvent event) {
        boolean[] prompts = {false};
        try {
            if (event.getDelta() != null) {
                event.getDelta().accept(delta -> {
                    if (delta.getResource().getType() == IResource.FILE && PromptFile.isPromptFile(Path.of(delta.getResource().getName()))
                            && (delta.getKind() != IResourceDelta.CHANGED || (delta.getFlags() & IResourceDelta.CONTENT) != 0)) {
                        prompts[0] = true;
                    }
                    return !prompts[0];
                });
            }
        } catch (CoreException e) {
            prompts[0] = true;
        }
        if (prompts[0]) {
            syncJob.schedule(SYNC_DELAY_MS);
        }
    }

    /** Waits for the background indexing: what the UI tests use. */
    public void joinIndexing() throws InterruptedException {
        syncJob.join();
    }

    /** The workbench closes: the index is closed, and what went wrong is logged. */
    @Override
    public void dispose() {
        close(problem -> ILog.of(SearchService.class).error(problem));
    }

    /** Closes the index; the next use opens it again. */
    public synchronized void close(Consumer<String> problems) {
        syncJob.cancel();
        if (listening) {
            ResourcesPlugin.getWorkspace().removeResourceChangeListener(changes);
            listening = false;
        }
        if (search != null) {
            try {
                search.close();
            } catch (IndexException e) {
                problems.accept(e.getMessage());
            }
            search = null;
        }
        synced = false;
    }

    public static IStatus error(Throwable e) {
        return Status.error(e.getMessage() == null ? e.getClass().getName() : e.getMessage(), e);
    }
}
