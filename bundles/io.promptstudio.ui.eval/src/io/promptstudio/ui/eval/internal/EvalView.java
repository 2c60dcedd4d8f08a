package io.promptstudio.ui.eval.internal;

import io.promptstudio.eval.CaseResult;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalSuite;
import io.promptstudio.eval.EvalSuites;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchOperation;
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
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
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
import org.eclipse.ui.part.ViewPart;

/**
 * The Evaluation view: pick a suite of the open projects, run it with progress and Cancel, and see each case's
 * result per variant (green passed, red failed, grey error; the reason in the tooltip), each variant's numbers and
 * the comparison of later variants with the first.
 */
public class EvalView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.eval";

    private Combo suites;
    private Button run;
    private Button cancel;
    private Table results;
    private StyledText summary;
    private List<EvalSuites.Found> found = List.of();
    private List<EvalSuite.Variant> columns = List.of();
    private final Map<String, TableItem> rows = new HashMap<>();
    private Job running;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite header = new Composite(parent, SWT.NONE);
        header.setLayout(new GridLayout(5, false));
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(header, SWT.NONE).setText(Messages.Eval_suite);
        suites = new Combo(header, SWT.READ_ONLY);
        suites.setData("name", "suite");
        suites.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
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
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        results = new Table(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        results.setData("name", "results");
        results.setHeaderVisible(true);
        results.setLinesVisible(true);
        summary = new StyledText(sash, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        summary.setData("name", "summary");
        sash.setWeights(65, 35);
        refresh();
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
        }
    }

    /** Selects a suite by its {@code file#Name} label; false when there is no such suite (yet). */
    public boolean select(String label) {
        int index = suites.indexOf(label);
        if (index >= 0) {
            suites.select(index);
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
        String key = result.where() + (result.repeat() > 1 ? " #" + result.repeat() : "");
        TableItem item = rows.computeIfAbsent(key, name -> {
            TableItem created = new TableItem(results, SWT.NONE);
            created.setText(0, name);
            return created;
        });
        int column = columns.indexOf(result.variant()) + 1;
        String cell = result.error() ? NLS.bind(Messages.Eval_errorCell, result.reason())
                : NLS.bind(Messages.Eval_cell, result.status(), String.format(Locale.ROOT, "%.2f", result.score()))
                        + (result.passed() ? "" : " \u2014 " + result.reason());
        item.setText(column, cell);
        item.setForeground(column, color(result));
        summary.setText(NLS.bind(Messages.Eval_running, suite.label(), done));
    }

    private Color color(CaseResult result) {
        Display display = results.getDisplay();
        return display.getSystemColor(result.passed() ? SWT.COLOR_DARK_GREEN : result.error() ? SWT.COLOR_DARK_GRAY : SWT.COLOR_RED);
    }

    private void showOutcome(EvalOutcome outcome) {
        if (summary.isDisposed()) {
            return;
        }
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
        }
        lines.add(outcome.passed() ? Messages.Eval_passed
                : NLS.bind(Messages.Eval_failed, String.format(Locale.ROOT, "%.0f", 100 * outcome.suiteThreshold())));
        summary.setText(String.join("\n", lines));
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.3f", value);
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
