package io.promptstudio.ui.eval.internal;

import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalReports;
import io.promptstudio.eval.EvalStore;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.eval.EvalSuites;
import io.promptstudio.eval.OutputDiff;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.store.HistoryException;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.WorkbenchSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;

/**
 * The Evaluation view: pick a suite of the open projects, run it with progress and Cancel, and see each case's
 * result per variant (green passed, red failed, grey error), filtered to the cases that did not pass or are unstable,
 * two variants' outputs compared line by line, each variant's numbers and the comparison of later variants with the
 * first, charts of the run, and the suite's past runs with its pass rate over them.
 */
public class EvalView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.eval";

    private Combo suites;
    private Button run;
    private Button cancel;
    private Combo filter;
    private Table results;
    private StyledText summary;
    private Canvas charts;
    private Table history;
    private Canvas historyChart;
    private Image chartImage;
    private Image historyImage;
    private EvalOutcome outcome;
    private List<EvalStore.StoredRun> storedRuns = List.of();
    private final List<CaseResult> all = new ArrayList<>();
    private List<EvalSuites.Found> found = List.of();
    private List<EvalSuite.Variant> columns = List.of();
    private final Map<String, TableItem> rows = new HashMap<>();
    private Job running;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite header = new Composite(parent, SWT.NONE);
        header.setLayout(new GridLayout(7, false));
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(header, SWT.NONE).setText(Messages.Eval_suite);
        suites = new Combo(header, SWT.READ_ONLY);
        suites.setData("name", "suite");
        suites.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        suites.addListener(SWT.Selection, event -> showHistory());
        button(header, Messages.Eval_refresh, "refresh").addListener(SWT.Selection, event -> refresh());
        run = button(header, Messages.Eval_run, "run");
        run.addListener(SWT.Selection, event -> runSelected());
        cancel = button(header, Messages.Eval_cancel, "cancel");
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, event -> {
            if (running != null) {
                running.cancel();
            }
        });
        filter = new Combo(header, SWT.READ_ONLY);
        filter.setData("name", "filter");
        filter.setItems(Messages.Eval_filterAll, Messages.Eval_filterNotPassed, Messages.Eval_filterUnstable);
        filter.select(0);
        filter.addListener(SWT.Selection, event -> refill());
        button(header, Messages.Eval_compareOutputs, "compare").addListener(SWT.Selection, event -> compareOutputs());
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        results = new Table(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        results.setData("name", "results");
        results.setHeaderVisible(true);
        results.setLinesVisible(true);
        CTabFolder tabs = new CTabFolder(sash, SWT.BORDER | SWT.BOTTOM);
        tabs.setData("name", "tabs");
        summary = new StyledText(tabs, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        summary.setData("name", "summary");
        tab(tabs, Messages.Eval_tabSummary, summary);
        charts = new Canvas(tabs, SWT.DOUBLE_BUFFERED);
        charts.setData("name", "charts");
        charts.addListener(SWT.Paint, event -> paint(event, chartImage));
        charts.addListener(SWT.Resize, event -> drawCharts());
        tab(tabs, Messages.Eval_tabCharts, charts);
        SashForm past = new SashForm(tabs, SWT.HORIZONTAL);
        history = new Table(past, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        history.setData("name", "history");
        history.setHeaderVisible(true);
        for (String title : new String[] {Messages.Eval_historyRun, Messages.Eval_historyStarted, Messages.Eval_historyStatus,
                Messages.Eval_historyVariants}) {
            TableColumn column = new TableColumn(history, SWT.LEFT);
            column.setText(title);
            column.setWidth(title.equals(Messages.Eval_historyVariants) ? 420 : title.equals(Messages.Eval_historyStarted) ? 140 : 90);
        }
        historyChart = new Canvas(past, SWT.DOUBLE_BUFFERED);
        historyChart.setData("name", "historyChart");
        historyChart.addListener(SWT.Paint, event -> paint(event, historyImage));
        historyChart.addListener(SWT.Resize, event -> drawHistory());
        past.setWeights(50, 50);
        tab(tabs, Messages.Eval_tabHistory, past);
        tabs.setSelection(0);
        sash.setWeights(55, 45);
        parent.addListener(SWT.Dispose, event -> {
            dispose(chartImage);
            dispose(historyImage);
        });
        refresh();
    }

    private static void tab(CTabFolder tabs, String title, org.eclipse.swt.widgets.Control control) {
        CTabItem item = new CTabItem(tabs, SWT.NONE);
        item.setText(title);
        item.setControl(control);
    }

    private static void paint(Event event, Image image) {
        if (image != null && !image.isDisposed()) {
            event.gc.drawImage(image, 0, 0);
        }
    }

    private static void dispose(Image image) {
        if (image != null && !image.isDisposed()) {
            image.dispose();
        }
    }

    private static Button button(Composite parent, String label, String name) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.setData("name", name);
        return button;
    }

    /** Finds the suites of the language session's files again, in the background. */
    public void refresh() {
        var files = getSite().getService(LanguageService.class).session().files();
        Display display = suites.getDisplay();
        Job find = Job.create(Messages.Eval_findJob, monitor -> {
            try {
                List<EvalSuites.Found> refs = EvalSuites.find(List.copyOf(files));
                display.asyncExec(() -> show(refs));
                return Status.OK_STATUS;
            } catch (RuntimeException | LinkageError e) {
                display.asyncExec(() -> {
                    if (!summary.isDisposed()) {
                        summary.setText(NLS.bind(Messages.Eval_findFailed, String.valueOf(e)));
                    }
                });
                return Status.error(String.valueOf(e), e);
            }
        });
        find.setSystem(true);
        find.schedule();
    }

    private void show(List<EvalSuites.Found> refs) {
        if (suites.isDisposed()) {
            return;
        }
        String selected = suites.getText();
        found = refs;
        suites.setItems(refs.stream().map(EvalSuites.Found::label).toArray(String[]::new));
        if (refs.isEmpty()) {
            summary.setText(Messages.Eval_noSuites);
        } else {
            int index = suites.indexOf(selected);
            suites.select(index >= 0 ? index : 0);
            showHistory();
        }
    }

    /** Selects a suite by its {@code file#Name} label; false when there is no such suite (yet). */
    public boolean select(String label) {
        int index = suites.indexOf(label);
        if (index >= 0) {
            suites.select(index);
            showHistory();
        }
        return index >= 0;
    }

    private void runSelected() {
        int index = suites.getSelectionIndex();
        if (index < 0 || running != null) {
            return;
        }
        EvalSuites.Found suite = found.get(index);
        Display display = results.getDisplay();
        results.removeAll();
        rows.clear();
        all.clear();
        outcome = null;
        drawCharts();
        for (TableColumn column : results.getColumns()) {
            column.dispose();
        }
        summary.setText("");
        RunEvalOperation operation = new RunEvalOperation(suite, getSite().getService(PromptRuns.class),
                evalSuite -> display.asyncExec(() -> columns(evalSuite)),
                (result, done) -> display.asyncExec(() -> add(result, done, suite)),
                outcome -> display.asyncExec(() -> showOutcome(outcome)));
        Job job = WorkbenchOperation.job(NLS.bind(Messages.Eval_runJob, suite.label()), operation);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                display.asyncExec(() -> {
                    running = null;
                    if (!run.isDisposed()) {
                        run.setEnabled(true);
                        cancel.setEnabled(false);
                        if (event.getResult().getSeverity() == IStatus.ERROR) {
                            summary.setText(event.getResult().getMessage());
                        } else if (event.getResult().getSeverity() == IStatus.CANCEL) {
                            summary.append("\n" + Messages.Eval_cancelled);
                        }
                        showHistory();
                    }
                });
            }
        });
        running = job;
        run.setEnabled(false);
        cancel.setEnabled(true);
        job.schedule();
    }

    private void columns(EvalSuite suite) {
        if (results.isDisposed()) {
            return;
        }
        columns = suite.variants();
        TableColumn first = new TableColumn(results, SWT.LEFT);
        first.setText(Messages.Eval_case);
        first.setWidth(180);
        for (EvalSuite.Variant variant : columns) {
            TableColumn column = new TableColumn(results, SWT.LEFT);
            column.setText(variant.label());
            column.setWidth(260);
        }
    }

    private void add(CaseResult result, long done, EvalSuites.Found suite) {
        if (results.isDisposed()) {
            return;
        }
        all.add(result);
        if (shown(result.where())) {
            showCase(result);
        }
        summary.setText(NLS.bind(Messages.Eval_running, suite.label(), done));
    }

    private static String key(CaseResult result) {
        return result.where() + (result.repeat() > 1 ? " #" + result.repeat() : "");
    }

    private void showCase(CaseResult result) {
        TableItem item = rows.computeIfAbsent(key(result), name -> {
            TableItem created = new TableItem(results, SWT.NONE);
            created.setText(0, name);
            created.setData(result.where());
            return created;
        });
        int column = columns.indexOf(result.variant()) + 1;
        String cell = result.error() ? NLS.bind(Messages.Eval_errorCell, result.reason())
                : NLS.bind(Messages.Eval_cell, result.status(), String.format(Locale.ROOT, "%.2f", result.score()))
                        + (result.passed() ? "" : " \u2014 " + result.reason());
        item.setText(column, cell);
        item.setForeground(column, color(result));
    }

    /**
     * Whether the filter shows a case's row: every row; the rows where some variant did not pass; or the unstable
     * rows, which passed on some repeats and not on others (known once the run is over).
     */
    private boolean shown(String where) {
        return switch (filter.getSelectionIndex()) {
            case 1 -> all.stream().anyMatch(result -> result.where().equals(where) && !result.passed());
            case 2 -> outcome != null && outcome.variants().stream().anyMatch(summary -> summary.unstable().contains(where));
            default -> true;
        };
    }

    /** Shows the kept results again, through the filter. */
    private void refill() {
        results.removeAll();
        rows.clear();
        for (CaseResult result : all) {
            if (shown(result.where())) {
                showCase(result);
            }
        }
    }

    /**
     * The selected case's answers from the first variant and each other one, as indented JSON, line by line: what
     * only one of them says is marked, so that two versions' outputs can be read side by side.
     */
    private void compareOutputs() {
        int selected = results.getSelectionIndex();
        String where = selected < 0 ? null : (String) results.getItem(selected).getData();
        // in the grid's order, whatever order the answers came in: the first variant is the baseline
        List<CaseResult> answered = all.stream().filter(result -> result.where().equals(where) && result.output() != null
                && result.repeat() == 1).sorted(java.util.Comparator.comparingInt(result -> columns.indexOf(result.variant()))).toList();
        if (answered.size() < 2) {
            summary.setText(Messages.Eval_compareNothing);
            return;
        }
        StringBuilder text = new StringBuilder();
        CaseResult first = answered.get(0);
        for (CaseResult other : answered.subList(1, answered.size())) {
            text.append(NLS.bind(Messages.Eval_compareHeader, new Object[] {first.variant().label(), other.variant().label(), where}))
                    .append('\n');
            for (OutputDiff.Line line : OutputDiff.lines(first.output(), other.output())) {
                text.append(line.mark()).append(' ').append(line.text()).append('\n');
            }
            text.append('\n');
        }
        summary.setText(text.toString());
        ((CTabFolder) summary.getParent()).setSelection(0);
    }

    private Color color(CaseResult result) {
        Display display = results.getDisplay();
        return display.getSystemColor(result.passed() ? SWT.COLOR_DARK_GREEN : result.error() ? SWT.COLOR_DARK_GRAY : SWT.COLOR_RED);
    }

    private void showOutcome(EvalOutcome finished) {
        if (summary.isDisposed()) {
            return;
        }
        outcome = finished;
        List<String> lines = new ArrayList<>();
        for (EvalOutcome.VariantSummary variant : outcome.variants()) {
            lines.add(NLS.bind(Messages.Eval_variant, new Object[] {variant.variant().label(), variant.passed(), variant.cases(),
                    String.format(Locale.ROOT, "%.1f", 100 * variant.passRate()), variant.failed(), variant.errors(),
                    variant.meanScore() == null ? Messages.Eval_meanNone : String.format(Locale.ROOT, "%.3f", variant.meanScore()),
                    variant.cost().toPlainString(), variant.medianMillis()}));
            if (!variant.unstable().isEmpty()) {
                lines.add(NLS.bind(Messages.Eval_unstable, String.join(", ", variant.unstable())));
            }
        }
        for (EvalOutcome.Comparison comparison : outcome.comparisons()) {
            lines.add(NLS.bind(Messages.Eval_comparison, new Object[] {comparison.b().label(), comparison.a().label(), comparison.verdict(),
                    signed(comparison.meanDifference()), signed(comparison.interval().low()), signed(comparison.interval().high()),
                    String.format(Locale.ROOT, "%.4f", comparison.wilcoxonP()), String.format(Locale.ROOT, "%.4f", comparison.mcnemarP()),
                    comparison.pairs(), String.format(Locale.ROOT, "%.3f", comparison.minimumDetectableEffect())}));
            if (comparison.pairwise() != null) {
                lines.add(NLS.bind(Messages.Eval_pairwise, EvalReports.pairwise(comparison)));
            }
        }
        lines.add(outcome.passed() ? Messages.Eval_passed
                : NLS.bind(Messages.Eval_failed, String.format(Locale.ROOT, "%.0f", 100 * outcome.suiteThreshold())));
        summary.setText(String.join("\n", lines));
        if (filter.getSelectionIndex() != 0) {
            refill();
        }
        drawCharts();
    }

    private void drawCharts() {
        if (charts.isDisposed()) {
            return;
        }
        dispose(chartImage);
        chartImage = null;
        // a tab not shown yet has no size: the folder's is what it will get
        org.eclipse.swt.graphics.Rectangle area = charts.getSize().x > 0 ? charts.getBounds() : charts.getParent().getClientArea();
        if (outcome != null && area.width > 0 && area.height > 0) {
            chartImage = new Image(charts.getDisplay(), EvalCharts.run(outcome, List.copyOf(all), area.width, area.height));
        }
        charts.redraw();
    }

    /** The selected suite's kept runs, newest first, and its pass rate over them: read in the background, shown when read. */
    private void showHistory() {
        int index = suites.getSelectionIndex();
        if (index < 0 || index >= found.size() || history.isDisposed()) {
            return;
        }
        String name = found.get(index).name();
        Display display = history.getDisplay();
        Job read = Job.create(Messages.Eval_tabHistory, monitor -> {
            List<EvalStore.StoredRun> runs;
            String problem = null;
            try (EvalStore store = EvalStore.open(WorkbenchSettings.evalStoreFile())) {
                runs = store.runs(name, 50);
            } catch (HistoryException e) {
                runs = List.of();
                problem = e.getMessage();
            }
            List<EvalStore.StoredRun> kept = runs;
            String failure = problem;
            display.asyncExec(() -> showHistory(name, kept, failure));
            return Status.OK_STATUS;
        });
        read.setSystem(true);
        read.schedule();
    }

    private void showHistory(String name, List<EvalStore.StoredRun> runs, String failure) {
        if (history.isDisposed()) {
            return;
        }
        storedRuns = runs;
        history.removeAll();
        if (failure != null) {
            new TableItem(history, SWT.NONE).setText(3, NLS.bind(Messages.Eval_historyFailed, failure));
        } else if (runs.isEmpty()) {
            new TableItem(history, SWT.NONE).setText(3, NLS.bind(Messages.Eval_historyNone, name));
        }
        java.time.format.DateTimeFormatter when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                .withZone(java.time.ZoneId.systemDefault());
        for (EvalStore.StoredRun stored : runs) {
            TableItem item = new TableItem(history, SWT.NONE);
            item.setText(new String[] {stored.id(), when.format(stored.startedAt()), stored.status(), String.join("; ", stored.variants()
                    .stream().map(variant -> variant.variant() + " " + String.format(Locale.ROOT, "%.1f %%", 100 * variant.passRate())).toList())});
        }
        drawHistory();
    }

    private void drawHistory() {
        if (historyChart.isDisposed()) {
            return;
        }
        dispose(historyImage);
        historyImage = null;
        var size = historyChart.getSize();
        if (!storedRuns.isEmpty() && size.x > 0 && size.y > 0) {
            historyImage = new Image(historyChart.getDisplay(), EvalCharts.history(storedRuns, size.x, size.y));
        }
        historyChart.redraw();
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.3f", value);
    }

    /** Whether the charts of the last run are drawn: for the UI tests. */
    public boolean chartsDrawn() {
        return chartImage != null && !chartImage.isDisposed();
    }

    /** The summary's text: for the UI tests. */
    public String summaryText() {
        return summary.getText();
    }

    @Override
    public void setFocus() {
        suites.setFocus();
    }
}
