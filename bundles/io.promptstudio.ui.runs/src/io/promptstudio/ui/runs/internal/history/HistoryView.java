package io.promptstudio.ui.runs.internal.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.store.RunHistory;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.runs.internal.playground.Messages;
import io.promptstudio.ui.runs.internal.playground.PlaygroundView;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * The runs in the H2 history (the CLI's too): time, prompt, version, model, status, tokens, cost, latency; filters by
 * prompt, model and status; the selected run's request, response and repairs; Re-run opens it in the Playground.
 */
public class HistoryView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.history";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int SHOWN = 500;

    private Text promptFilter;
    private Text modelFilter;
    private Combo statusFilter;
    private Table table;
    private StyledText detail;
    private Button rerun;
    private Label summary;
    private List<RunRecord> runs = List.of();
    private final Consumer<RunRecord> runListener = run -> Display.getDefault().asyncExec(this::refresh);

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite filters = new Composite(parent, SWT.NONE);
        filters.setLayout(new GridLayout(9, false));
        filters.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(filters, SWT.NONE).setText(Messages.History_promptLabel);
        promptFilter = new Text(filters, SWT.BORDER | SWT.SEARCH);
        promptFilter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        promptFilter.setMessage(Messages.History_promptHint);
        new Label(filters, SWT.NONE).setText(Messages.History_modelLabel);
        modelFilter = new Text(filters, SWT.BORDER | SWT.SEARCH);
        modelFilter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(filters, SWT.NONE).setText(Messages.History_statusLabel);
        statusFilter = new Combo(filters, SWT.READ_ONLY);
        statusFilter.setItems("", RunRecord.SUCCEEDED, RunRecord.FAILED, "cancelled");
        statusFilter.select(0);
        Button apply = new Button(filters, SWT.PUSH);
        apply.setText(Messages.History_refresh);
        apply.addListener(SWT.Selection, event -> refresh());
        promptFilter.addListener(SWT.DefaultSelection, event -> refresh());
        modelFilter.addListener(SWT.DefaultSelection, event -> refresh());
        statusFilter.addListener(SWT.Selection, event -> refresh());
        rerun = new Button(filters, SWT.PUSH);
        rerun.setText(Messages.History_rerun);
        rerun.setEnabled(false);
        rerun.addListener(SWT.Selection, event -> rerunSelected());
        summary = new Label(filters, SWT.NONE);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table = new Table(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setData("name", "runs");
        column(Messages.Column_time, 140);
        column(Messages.Column_prompt, 180);
        column(Messages.Column_version, 80);
        column(Messages.Column_profile, 95);
        column(Messages.Column_model, 95);
        column(Messages.Column_status, 80);
        column(Messages.Column_tokens, 95);
        column(Messages.Column_cost, 95);
        column(Messages.Column_latency, 95);
        table.addListener(SWT.Selection, event -> showSelected());
        table.addListener(SWT.DefaultSelection, event -> rerunSelected());
        detail = new StyledText(sash, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY);
        detail.setData("name", "detail");
        sash.setWeights(62, 38);
        getSite().getService(PromptRuns.class).addObserver(runListener);
        refresh();
    }

    private void column(String text, int width) {
        TableColumn column = new TableColumn(table, SWT.LEFT);
        column.setText(text);
        column.setWidth(width);
    }

    /** Reads the history again, with the filters (in the background: the database may be on a slow disk). */
    public void refresh() {
        if (table == null || table.isDisposed()) {
            return;
        }
        String prompt = promptFilter.getText().strip();
        String model = modelFilter.getText().strip();
        String status = statusFilter.getText();
        Job.create(Messages.History_readJob, monitor -> {
            try (RunHistory history = RunHistory.open(WorkbenchSettings.historyFile())) {
                List<RunRecord> found = history.query(new RunHistory.Query(prompt.isEmpty() ? null : prompt, model.isEmpty() ? null : model,
                        status.isEmpty() ? null : status, null, SHOWN));
                Display.getDefault().asyncExec(() -> show(found));
                return Status.OK_STATUS;
            } catch (Exception e) {
                Display.getDefault().asyncExec(() -> {
                    if (!table.isDisposed()) {
                        summary.setText(Messages.bind(Messages.History_readFailed, e.getMessage()));
                    }
                });
                return Status.OK_STATUS;
            }
        }).schedule();
    }

    private void show(List<RunRecord> found) {
        if (table.isDisposed()) {
            return;
        }
        RunRecord previouslySelected = selected();
        runs = found;
        table.removeAll();
        for (RunRecord run : found) {
            TableItem row = new TableItem(table, SWT.NONE);
            row.setText(new String[] {TIME.format(run.startedAt()), run.prompt(),
                    run.promptHash() == null || run.promptHash().length() < 8 ? "" : run.promptHash().substring(0, 8), String.valueOf(run.profile()),
                    run.returnedModel() != null ? run.returnedModel() : String.valueOf(run.requestedModel()), run.status(),
                    run.inputTokens() == null ? "" : Messages.bind(Messages.Value_tokens, run.inputTokens(), run.outputTokens()),
                    run.cost() == null ? ""
                            : Messages.bind(Messages.Value_cost, run.cost().setScale(6, java.math.RoundingMode.HALF_UP).toPlainString()),
                    run.totalMillis() == null ? "" : Messages.bind(Messages.Value_latency, run.totalMillis())});
            if (!RunRecord.SUCCEEDED.equals(run.status())) {
                row.setForeground(table.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
            }
        }
        summary.setText(Messages.bind(found.size() == SHOWN ? Messages.History_runsMore : Messages.History_runs, found.size()));
        summary.getParent().layout();
        // a refresh (a new run, a filter) keeps the run the user was looking at selected
        int keep = previouslySelected == null ? -1 : indexOf(previouslySelected.id());
        if (keep >= 0) {
            table.select(keep);
        }
        showSelected();
    }

    private int indexOf(String runId) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).id().equals(runId)) {
                return i;
            }
        }
        return -1;
    }

    private RunRecord selected() {
        int index = table.getSelectionIndex();
        return index < 0 || index >= runs.size() ? null : runs.get(index);
    }

    private void showSelected() {
        RunRecord run = selected();
        rerun.setEnabled(run != null && run.argumentsJson() != null);
        if (run == null) {
            detail.setText("");
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append(Messages.bind(Messages.History_runHeader, run.id())).append("\n").append(run.summary()).append("\n");
        if (run.errorKind() != null || run.errorMessage() != null) {
            text.append("\n").append(Messages.bind(Messages.Run_error, run.errorKind() == null ? Messages.History_note : run.errorKind(),
                    run.errorMessage())).append("\n");
        }
        section(text, Messages.History_arguments, pretty(run.argumentsJson()));
        section(text, Messages.History_request, pretty(run.requestJson()));
        section(text, Messages.History_response, run.responseText());
        section(text, Messages.History_typedOutput, pretty(run.outputJson()));
        section(text, Messages.History_repairs, pretty(run.repairsJson()));
        detail.setText(text.toString());
    }

    private static void section(StringBuilder text, String title, String body) {
        if (body != null && !body.isBlank()) {
            text.append("\n").append(Messages.bind(Messages.History_section, title)).append("\n").append(body).append("\n");
        }
    }

    private static String pretty(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(JSON.readTree(json));
        } catch (java.io.IOException e) {
            return json;
        }
    }

    @SuppressWarnings("unchecked")
    private void rerunSelected() {
        RunRecord run = selected();
        if (run == null || run.argumentsJson() == null) {
            return;
        }
        try {
            Map<String, Object> arguments = (Map<String, Object>) io.promptstudio.ui.runs.internal.playground.Arguments.parse(run.argumentsJson());
            PlaygroundView playground = (PlaygroundView) getSite().getPage().showView(PlaygroundView.ID);
            playground.prepare(run.prompt(), run.profile(), arguments);
        } catch (PartInitException | IllegalArgumentException e) {
            ErrorDialog.openError(table.getShell(), Messages.History_rerunTitle, Messages.History_rerunFailed, Status.error(e.getMessage(), e));
        }
    }

    /** The runs shown, newest first: for the UI tests. */
    public List<RunRecord> shown() {
        return runs;
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getService(PromptRuns.class).removeObserver(runListener);
        super.dispose();
    }
}
