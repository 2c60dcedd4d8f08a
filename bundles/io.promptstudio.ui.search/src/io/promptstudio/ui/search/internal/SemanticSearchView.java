package io.promptstudio.ui.search.internal;

import io.promptstudio.core.PromptFile;
import io.promptstudio.search.index.IndexedItem;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.search.index.SearchRequest;
import io.promptstudio.search.ingest.IngestReport;
import io.promptstudio.ui.PromptEditor;
import io.promptstudio.ui.ViewControls;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.search.SearchService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.statushandlers.StatusManager;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Semantic Search: a query box over the workspace's prompts and ingested documents (hybrid BM25 + vectors), the
 * results with their snippet and score, and opening one at its place. Searching and ingesting run as jobs.
 */
public final class SemanticSearchView extends ViewPart {

    /** The workbench's searchService service, from the part's context. */
    private SearchService searchService;

    public static final String ID = "io.promptstudio.ui.semanticSearch";

    private static final String[] MODES = {Messages.SemanticSearch_hybrid, Messages.SemanticSearch_keyword, Messages.SemanticSearch_vector};
    private static final SearchRequest.Mode[] MODE_VALUES = {SearchRequest.Mode.HYBRID, SearchRequest.Mode.KEYWORD, SearchRequest.Mode.VECTOR};
    private static final String[] TYPES = {Messages.SemanticSearch_everything, Messages.SemanticSearch_prompts, Messages.SemanticSearch_documents};

    private Text query;
    private Combo mode;
    private Combo type;
    private Label status;
    private TableViewer results;
    private Text snippet;

    @Override
    public void createPartControl(Composite parent) {
        searchService = getSite().getService(SearchService.class);
        parent.setLayout(new GridLayout(1, false));
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        bar.setLayout(new GridLayout(5, false));
        query = new Text(bar, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        query.setMessage(Messages.SemanticSearch_queryHint);
        query.setData("name", "query");
        query.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        query.addListener(SWT.DefaultSelection, event -> search());
        mode = combo(bar, MODES, "mode");
        type = combo(bar, TYPES, "type");
        ViewControls.button(bar, Messages.SemanticSearch_search, "search", this::search);
        ViewControls.button(bar, Messages.SemanticSearch_ingestFolder, "ingest", this::chooseAndIngest);

        status = new Label(parent, SWT.NONE);
        status.setData("name", "status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        status.setText(Messages.SemanticSearch_start);

        Composite tableArea = new Composite(parent, SWT.NONE);
        tableArea.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        TableColumnLayout layout = new TableColumnLayout();
        tableArea.setLayout(layout);
        results = new TableViewer(tableArea, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        results.getTable().setHeaderVisible(true);
        results.getTable().setLinesVisible(true);
        results.getTable().setData("name", "results");
        results.setContentProvider(ArrayContentProvider.getInstance());
        ViewControls.column(results, layout, Messages.SemanticSearch_title, 30, SearchHit.class, hit -> hit.item().title());
        ViewControls.column(results, layout, Messages.SemanticSearch_type, 10, SearchHit.class, hit -> hit.item().type());
        ViewControls.column(results, layout, Messages.SemanticSearch_where, 40, SearchHit.class, SemanticSearchView::where);
        ViewControls.column(results, layout, Messages.SemanticSearch_score, 10, SearchHit.class, hit -> String.format("%.4f", hit.score()));
        results.addSelectionChangedListener(event -> {
            Object selected = ((IStructuredSelection) event.getSelection()).getFirstElement();
            snippet.setText(selected instanceof SearchHit hit ? hit.snippet() : "");
        });
        results.addDoubleClickListener(event -> open((IStructuredSelection) event.getSelection()));

        snippet = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.READ_ONLY | SWT.V_SCROLL);
        snippet.setData("name", "snippet");
        GridData snippetData = new GridData(SWT.FILL, SWT.BOTTOM, true, false);
        snippetData.heightHint = 60;
        snippet.setLayoutData(snippetData);
    }

    private static Combo combo(Composite parent, String[] items, String name) {
        Combo combo = new Combo(parent, SWT.READ_ONLY);
        combo.setItems(items);
        combo.select(0);
        combo.setData("name", name);
        return combo;
    }

    private static String where(SearchHit hit) {
        Path source = Path.of(hit.item().source());
        IFile file = ResourcesPlugin.getWorkspace().getRoot().getFileForLocation(IPath.fromPath(source));
        String shown = file != null ? file.getFullPath().makeRelative().toString() : source.toString();
        return hit.item().location().isEmpty() ? shown : NLS.bind(Messages.SemanticSearch_location, shown, hit.item().location());
    }

    /** Runs the query in a job; what the UI tests call after typing. */
    public void search() {
        String text = query.getText().strip();
        if (text.isEmpty()) {
            status.setText(Messages.SemanticSearch_noQuery);
            return;
        }
        SearchRequest.Mode searchMode = MODE_VALUES[mode.getSelectionIndex()];
        List<String> types = switch (type.getSelectionIndex()) {
            case 1 -> List.of(IndexedItem.PROMPT);
            case 2 -> List.of(IndexedItem.CHUNK);
            default -> List.of();
        };
        SearchRequest request = new SearchRequest(text, 50, searchMode, types, List.of(), List.of());
        status.setText(Messages.SemanticSearch_searching);
        Display display = query.getDisplay();
        Job job = WorkbenchOperation.job(Messages.Search_job, new SearchOperation(searchService, request,
                found -> display.asyncExec(() -> show(found.hits(), found.millis(), found.messages())),
                failure -> display.asyncExec(() -> showFailure(Messages.Search_failed, failure))));
        // Searching is quick and started by typing: no progress dialog.
        job.setUser(false);
        job.schedule();
    }

    private void show(List<SearchHit> hits, long millis, List<String> messages) {
        if (results.getControl().isDisposed()) {
            return;
        }
        results.setInput(hits);
        String found = hits.isEmpty() ? Messages.SemanticSearch_nothingFound
                : NLS.bind(hits.size() == 1 ? Messages.SemanticSearch_oneResult : Messages.SemanticSearch_results, hits.size(), millis);
        status.setText(messages.isEmpty() ? found : found + " " + String.join(" ", messages));
        if (!hits.isEmpty()) {
            results.getTable().select(0);
            snippet.setText(hits.get(0).snippet());
        }
    }

    private void chooseAndIngest() {
        DirectoryDialog dialog = new DirectoryDialog(query.getShell());
        dialog.setText(Messages.SemanticSearch_ingestTitle);
        dialog.setMessage(Messages.SemanticSearch_ingestMessage);
        String folder = dialog.open();
        if (folder != null) {
            ingest(List.of(Path.of(folder)));
        }
    }

    /** Ingests in a job with progress; the status line then says what went in and what was skipped. */
    public void ingest(List<Path> paths) {
        status.setText(Messages.SemanticSearch_ingesting);
        Display display = query.getDisplay();
        WorkbenchOperation.job(Messages.Ingest_job, new IngestOperation(searchService, paths, report -> display.asyncExec(() -> {
            if (!status.isDisposed()) {
                status.setText(describe(report));
            }
        }), failure -> display.asyncExec(() -> showFailure(Messages.Ingest_failed, failure)))).schedule();
    }

    private void showFailure(String prefix, Throwable error) {
        if (!status.isDisposed()) {
            status.setText(prefix + (error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage()));
        }
    }

    static String describe(IngestReport report) {
        List<String> parts = new ArrayList<>();
        parts.add(NLS.bind(report.indexed() == 1 ? Messages.Ingest_oneFile : Messages.Ingest_files, report.indexed(), report.chunks()));
        if (report.unchanged() > 0) {
            parts.add(NLS.bind(Messages.Ingest_unchanged, report.unchanged()));
        }
        if (report.duplicates() > 0) {
            parts.add(NLS.bind(Messages.Ingest_duplicates, report.duplicates()));
        }
        if (!report.skipped().isEmpty()) {
            IngestReport.Skipped first = report.skipped().get(0);
            parts.add(NLS.bind(report.skipped().size() > 1 ? Messages.Ingest_skippedFirstOfMany : Messages.Ingest_skippedFirst,
                    new Object[] {report.skipped().size(), Path.of(first.file()).getFileName(), first.reason()}));
        }
        return String.join("; ", parts) + ".";
    }

    private void open(IStructuredSelection selection) {
        if (!(selection.getFirstElement() instanceof SearchHit hit)) {
            return;
        }
        Path source = Path.of(hit.item().source());
        IFile file = ResourcesPlugin.getWorkspace().getRoot().getFileForLocation(IPath.fromPath(source));
        try {
            IEditorPart editor = file != null
                    ? IDE.openEditor(getSite().getPage(), file, PromptFile.isPromptFile(source) ? PromptEditor.ID : IDE.getEditorDescriptor(file, true, true).getId(), true)
                    : IDE.openEditorOnFileStore(getSite().getPage(), EFS.getLocalFileSystem().getStore(source.toUri()));
            if (IndexedItem.PROMPT.equals(hit.item().type()) || "type".equals(hit.item().type()) || "profile".equals(hit.item().type())) {
                if (editor instanceof ITextEditor text) {
                    var document = text.getDocumentProvider().getDocument(text.getEditorInput());
                    int line = Math.max(0, Math.min(document.getNumberOfLines() - 1, hit.item().position() - 1));
                    text.selectAndReveal(document.getLineOffset(line), 0);
                }
            }
        } catch (PartInitException e) {
            StatusManager.getManager().handle(e.getStatus(), StatusManager.SHOW | StatusManager.LOG);
        } catch (org.eclipse.jface.text.BadLocationException e) {
            // the file changed since it was indexed: it is open, at its start
        }
    }

    /** The rows shown: what the UI tests read. */
    public List<SearchHit> shownResults() {
        Object input = results.getInput();
        return input instanceof List<?> list ? list.stream().map(SearchHit.class::cast).toList() : List.of();
    }

    public String statusText() {
        return status.getText();
    }

    public void setQuery(String text) {
        query.setText(text);
    }

    @Override
    public void setFocus() {
        query.setFocus();
    }
}
