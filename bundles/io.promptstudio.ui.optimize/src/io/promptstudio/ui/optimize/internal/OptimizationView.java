package io.promptstudio.ui.optimize.internal;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.eval.EvalOutcome;
import io.promptstudio.eval.EvalSuites;
import io.promptstudio.eval.OutputDiff;
import io.promptstudio.optimize.OptimizeOutcome;
import io.promptstudio.optimize.OptimizeSettings;
import io.promptstudio.optimize.OptimizeStore;
import io.promptstudio.optimize.Refiner;
import io.promptstudio.optimize.Scored;
import io.promptstudio.optimize.Subject;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.store.HistoryException;
import io.promptstudio.ui.CompareTexts;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.ViewControls;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.WorkbenchSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * The Optimization view: pick an eval (its dataset's prompt is the one optimized), a method, the shape of the search,
 * the split and a budget; see the estimate before starting; run as a Job with Cancel (Start then resumes the same run);
 * watch the best and mean score per generation, every candidate with its scores and cost (the language's reason when
 * it was dropped), and a candidate's diff against the prompt as written; Adopt writes the chosen candidate as the file's
 * new version, after checking it. The self-refinement tab runs rounds now or on a schedule, and offers each improving
 * edit for review in the compare editor, with Accept and Reject.
 */
public class OptimizationView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.optimize";

    /** Unchanged lines shown around each change in the diff. */
    private static final int DIFF_CONTEXT = 3;
    private static final org.eclipse.swt.graphics.Color ADDED = new org.eclipse.swt.graphics.Color(0xE6, 0xFF, 0xEC);
    private static final org.eclipse.swt.graphics.Color REMOVED = new org.eclipse.swt.graphics.Color(0xFD, 0xEC, 0xEA);
    private static final org.eclipse.swt.graphics.Color BEST = new org.eclipse.swt.graphics.Color(0xE8, 0xF5, 0xE9);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Combo suites;
    private Combo method;
    private Spinner generations;
    private Spinner population;
    private Spinner batch;
    private Text split;
    private Spinner seed;
    private Text budget;
    private Text maxCalls;
    private Button start;
    private Button cancel;
    private Label estimate;
    private Canvas chart;
    private Image chartImage;
    private Table candidates;
    private StyledText diff;
    private StyledText summary;
    private Table proposals;
    private Button refineEvery;
    private Spinner refineMinutes;

    private List<EvalSuites.Found> found = List.of();
    private final List<OptimizeOutcome.Generation> generationsSeen = new ArrayList<>();
    private final List<Scored> candidatesSeen = new ArrayList<>();
    private Subject subject;
    private OptimizeOutcome outcome;
    private String stoppedRun;
    /** The settings the stopped run was started with (its budget aside): Start resumes it only with the same. */
    private OptimizeSettings stoppedSettings;
    private Job running;
    private Job refining;
    private List<OptimizeStore.StoredProposal> logged = List.of();

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite header = new Composite(parent, SWT.NONE);
        header.setLayout(new GridLayout(9, false));
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(header, SWT.NONE).setText(Messages.Optimize_eval);
        suites = new Combo(header, SWT.READ_ONLY);
        suites.setData("name", "suite");
        suites.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        suites.addListener(SWT.Selection, event -> {
            forgetRun();
            showProposals();
        });
        new Label(header, SWT.NONE).setText(Messages.Optimize_method);
        method = new Combo(header, SWT.READ_ONLY);
        method.setData("name", "method");
        method.setItems(Messages.Optimize_methodOpro, Messages.Optimize_methodGa, Messages.Optimize_methodDe, Messages.Optimize_methodBreeder,
                Messages.Optimize_methodFewShot);
        method.select(0);
        ViewControls.button(header, Messages.Optimize_refresh, "refresh", this::refresh);
        ViewControls.button(header, Messages.Optimize_estimate, "estimate", () -> start(true));
        start = ViewControls.button(header, Messages.Optimize_start, "start", () -> start(false));
        cancel = ViewControls.button(header, Messages.Optimize_cancel, "cancel", () -> {
            if (running != null) {
                running.cancel();
            }
        });
        cancel.setEnabled(false);
        ViewControls.button(header, Messages.Optimize_adopt, "adopt", this::adopt);
        Composite shape = new Composite(parent, SWT.NONE);
        shape.setLayout(new GridLayout(14, false));
        shape.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        generations = spinner(shape, Messages.Optimize_generations, "generations", 4, 1, 1000);
        population = spinner(shape, Messages.Optimize_population, "population", 4, 2, 200);
        batch = spinner(shape, Messages.Optimize_batch, "batch", 12, 1, 10_000);
        new Label(shape, SWT.NONE).setText(Messages.Optimize_split);
        split = new Text(shape, SWT.BORDER);
        split.setText("60/20/20");
        split.setData("name", "split");
        split.setLayoutData(new GridData(70, SWT.DEFAULT));
        seed = spinner(shape, Messages.Optimize_seed, "seed", 1, 0, Integer.MAX_VALUE);
        new Label(shape, SWT.NONE).setText(Messages.Optimize_budget);
        budget = new Text(shape, SWT.BORDER);
        budget.setData("name", "budget");
        budget.setLayoutData(new GridData(60, SWT.DEFAULT));
        new Label(shape, SWT.NONE).setText(Messages.Optimize_maxCalls);
        maxCalls = new Text(shape, SWT.BORDER);
        maxCalls.setData("name", "maxCalls");
        maxCalls.setLayoutData(new GridData(60, SWT.DEFAULT));
        estimate = new Label(parent, SWT.WRAP);
        estimate.setData("name", "estimateLine");
        estimate.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        SashForm top = new SashForm(sash, SWT.HORIZONTAL);
        chart = new Canvas(top, SWT.DOUBLE_BUFFERED);
        chart.setData("name", "chart");
        chart.addListener(SWT.Paint, event -> {
            if (chartImage != null && !chartImage.isDisposed()) {
                event.gc.drawImage(chartImage, 0, 0);
            }
        });
        chart.addListener(SWT.Resize, event -> drawChart());
        candidates = new Table(top, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        candidates.setData("name", "candidates");
        candidates.setHeaderVisible(true);
        candidates.setLinesVisible(true);
        String[] titles = { Messages.Optimize_columnNumber, Messages.Optimize_columnGeneration, Messages.Optimize_columnFitness,
                Messages.Optimize_columnValidation, Messages.Optimize_columnCost, Messages.Optimize_columnStatus, Messages.Optimize_columnOrigin };
        int[] widths = { 40, 45, 60, 75, 70, 320, 200 };
        for (int i = 0; i < titles.length; i++) {
            TableColumn column = new TableColumn(candidates, i >= 2 && i <= 4 ? SWT.RIGHT : SWT.LEFT);
            column.setText(titles[i]);
            column.setWidth(widths[i]);
        }
        candidates.addListener(SWT.Selection, event -> showDiff(selectedCandidate()));
        top.setWeights(40, 60);
        CTabFolder tabs = new CTabFolder(sash, SWT.BORDER | SWT.BOTTOM);
        tabs.setData("name", "tabs");
        diff = new StyledText(tabs, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        diff.setData("name", "diff");
        diff.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        diff.setText(Messages.Optimize_noDiff);
        tab(tabs, Messages.Optimize_tabDiff, diff);
        summary = new StyledText(tabs, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.WRAP);
        summary.setData("name", "summary");
        tab(tabs, Messages.Optimize_tabSummary, summary);
        tab(tabs, Messages.Optimize_tabRefine, refinePane(tabs));
        tabs.setSelection(0);
        sash.setWeights(55, 45);
        parent.addListener(SWT.Dispose, event -> {
            if (chartImage != null) {
                chartImage.dispose();
            }
            if (refining != null) {
                refining.cancel();
            }
        });
        refresh();
    }

    private Composite refinePane(CTabFolder tabs) {
        Composite pane = new Composite(tabs, SWT.NONE);
        pane.setLayout(new GridLayout(7, false));
        ViewControls.button(pane, Messages.Refine_now, "refineNow", () -> refine(0));
        refineEvery = new Button(pane, SWT.CHECK);
        refineEvery.setText(Messages.Refine_every);
        refineEvery.setData("name", "refineEvery");
        refineMinutes = new Spinner(pane, SWT.BORDER);
        refineMinutes.setValues(60, 1, 24 * 60, 0, 5, 60);
        refineMinutes.setData("name", "refineMinutes");
        new Label(pane, SWT.NONE).setText(Messages.Refine_minutes);
        refineEvery.addListener(SWT.Selection, event -> {
            if (refineEvery.getSelection()) {
                refine(refineMinutes.getSelection() * 60_000L);
            } else if (refining != null) {
                refining.cancel();
            }
        });
        ViewControls.button(pane, Messages.Refine_review, "review", this::review);
        ViewControls.button(pane, Messages.Refine_accept, "accept", this::acceptProposal);
        ViewControls.button(pane, Messages.Refine_reject, "reject", this::rejectProposal);
        proposals = new Table(pane, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        proposals.setData("name", "proposals");
        proposals.setHeaderVisible(true);
        proposals.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 7, 1));
        String[] titles = { Messages.Refine_columnId, Messages.Refine_columnTime, Messages.Refine_columnStatus, Messages.Refine_columnScores,
                Messages.Refine_columnDiagnosis };
        int[] widths = { 80, 130, 110, 120, 420 };
        for (int i = 0; i < titles.length; i++) {
            TableColumn column = new TableColumn(proposals, SWT.LEFT);
            column.setText(titles[i]);
            column.setWidth(widths[i]);
        }
        return pane;
    }

    private static void tab(CTabFolder tabs, String title, org.eclipse.swt.widgets.Control control) {
        CTabItem item = new CTabItem(tabs, SWT.NONE);
        item.setText(title);
        item.setControl(control);
    }

    private static Spinner spinner(Composite parent, String label, String name, int value, int minimum, int maximum) {
        new Label(parent, SWT.NONE).setText(label);
        Spinner spinner = new Spinner(parent, SWT.BORDER);
        spinner.setValues(value, minimum, maximum, 0, 1, 10);
        spinner.setData("name", name);
        return spinner;
    }

    @Override
    public void setFocus() {
        suites.setFocus();
    }

    /** Finds the evals of the language session's files again, in the background. */
    public void refresh() {
        var files = getSite().getService(LanguageService.class).session().files();
        Display display = suites.getDisplay();
        Job find = Job.create(Messages.Optimize_findJob, monitor -> {
            try {
                List<EvalSuites.Found> refs = EvalSuites.find(List.copyOf(files));
                display.asyncExec(() -> showSuites(refs));
                return Status.OK_STATUS;
            } catch (RuntimeException | LinkageError e) {
                display.asyncExec(() -> {
                    if (!summary.isDisposed()) {
                        summary.setText(NLS.bind(Messages.Optimize_findFailed, String.valueOf(e)));
                    }
                });
                return Status.error(String.valueOf(e), e);
            }
        });
        find.setSystem(true);
        find.schedule();
    }

    private void showSuites(List<EvalSuites.Found> refs) {
        if (suites.isDisposed()) {
            return;
        }
        String selected = suites.getText();
        found = refs;
        suites.setItems(refs.stream().map(EvalSuites.Found::label).toArray(String[]::new));
        if (refs.isEmpty()) {
            estimate.setText(Messages.Optimize_noSuites);
        } else {
            int index = suites.indexOf(selected);
            suites.select(index >= 0 ? index : 0);
            showProposals();
        }
    }

    /** Selects an eval by its {@code file#Name} label; false when there is no such eval (yet). */
    public boolean select(String label) {
        int index = suites.indexOf(label);
        if (index >= 0) {
            if (index != suites.getSelectionIndex()) {
                suites.select(index);
                forgetRun();
            }
            showProposals();
        }
        return index >= 0;
    }

    /** Another eval is chosen: the run shown was of the one before, and Adopt must not write its candidates here. */
    private void forgetRun() {
        stoppedRun = null;
        stoppedSettings = null;
        outcome = null;
        subject = null;
        generationsSeen.clear();
        candidatesSeen.clear();
        candidates.removeAll();
        summary.setText("");
        diff.setText(Messages.Optimize_noDiff);
        drawChart();
    }

    private EvalSuites.Found selectedSuite() {
        int index = suites.getSelectionIndex();
        return index < 0 || index >= found.size() ? null : found.get(index);
    }

    /** The settings the fields give, or null after saying what is wrong with them. */
    private OptimizeSettings settings() {
        try {
            OptimizeSettings.Method chosen = OptimizeSettings.Method.values()[Math.max(0, method.getSelectionIndex())];
            String[] shares = split.getText().strip().split("/");
            if (shares.length != 3) {
                throw new IllegalArgumentException("the split is TRAIN/VALIDATION/TEST in percent, e.g. 60/20/20");
            }
            double train = Double.parseDouble(shares[0].strip());
            double validation = Double.parseDouble(shares[1].strip());
            double test = Double.parseDouble(shares[2].strip());
            if (Math.abs(train + validation + test - 100) > 1e-6) {
                throw new IllegalArgumentException("the split adds up to 100, not " + (train + validation + test));
            }
            BigDecimal dollars = budget.getText().isBlank() ? null : new BigDecimal(budget.getText().strip());
            Long calls = maxCalls.getText().isBlank() ? null : Long.valueOf(maxCalls.getText().strip());
            if (dollars != null && dollars.signum() <= 0 || calls != null && calls < 1) {
                throw new IllegalArgumentException("a budget is above 0");
            }
            return OptimizeSettings.defaults(chosen).withShape(generations.getSelection(), population.getSelection(), batch.getSelection())
                    .withSeed(seed.getSelection()).withSplit(train / 100, validation / 100).withBudget(calls, null, dollars);
        } catch (NumberFormatException e) {
            estimate.setText(NLS.bind(Messages.Optimize_badSettings, "a number is expected: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            estimate.setText(NLS.bind(Messages.Optimize_badSettings, e.getMessage()));
        }
        return null;
    }

    private void start(boolean estimateOnly) {
        EvalSuites.Found suite = selectedSuite();
        OptimizeSettings settings = settings();
        if (suite == null || settings == null || running != null) {
            return;
        }
        Display display = candidates.getDisplay();
        String resume = estimateOnly || stoppedSettings == null || !unbudgeted(stoppedSettings).equals(unbudgeted(settings)) ? null : stoppedRun;
        if (!estimateOnly && resume == null) {
            generationsSeen.clear();
            candidatesSeen.clear();
            candidates.removeAll();
            outcome = null;
            summary.setText("");
            diff.setText(Messages.Optimize_noDiff);
            drawChart();
        }
        RunOptimizationOperation operation = new RunOptimizationOperation(suite, settings, resume, estimateOnly,
                getSite().getService(PromptRuns.class), new RunOptimizationOperation.Progress() {
                    @Override
                    public void estimated(Subject loaded, OptimizeOutcome.Split rows, OptimizeOutcome.Estimate figures) {
                        display.asyncExec(() -> showEstimate(loaded, rows, figures));
                    }

                    @Override
                    public void phase(String what) {
                        display.asyncExec(() -> {
                            if (!summary.isDisposed()) {
                                summary.setText(NLS.bind(Messages.Optimize_phase, what));
                            }
                        });
                    }

                    @Override
                    public void candidate(Scored candidate) {
                        display.asyncExec(() -> addCandidate(candidate));
                    }

                    @Override
                    public void generation(OptimizeOutcome.Generation generation) {
                        display.asyncExec(() -> {
                            generationsSeen.removeIf(each -> each.number() == generation.number());
                            generationsSeen.add(generation);
                            drawChart();
                        });
                    }

                    @Override
                    public void finished(Subject loaded, OptimizeOutcome result) {
                        display.asyncExec(() -> showOutcome(loaded, result));
                    }
                });
        Job job = WorkbenchOperation.job(NLS.bind(estimateOnly ? Messages.Optimize_estimateJob : Messages.Optimize_runJob, suite.label()), operation);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                display.asyncExec(() -> {
                    running = null;
                    if (start.isDisposed()) {
                        return;
                    }
                    start.setEnabled(true);
                    cancel.setEnabled(false);
                    if (event.getResult().getSeverity() == IStatus.ERROR) {
                        summary.setText(event.getResult().getMessage());
                    } else if (event.getResult().getSeverity() == IStatus.CANCEL) {
                        summary.append("\n" + Messages.Optimize_cancelled);
                    }
                });
            }
        });
        running = job;
        start.setEnabled(false);
        cancel.setEnabled(!estimateOnly);
        job.schedule();
    }

    private static OptimizeSettings unbudgeted(OptimizeSettings settings) {
        return settings.withBudget(null, null, null);
    }

    private void showEstimate(Subject loaded, OptimizeOutcome.Split rows, OptimizeOutcome.Estimate figures) {
        if (estimate.isDisposed()) {
            return;
        }
        estimate.setText(NLS.bind(Messages.Optimize_estimated, new Object[] { figures.calls(), figures.tokens(), figures.dollars() == null
                ? Messages.Optimize_unpriced : "$" + figures.dollars().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(),
                rows.train().size(), rows.batch().size(), rows.validation().size(), rows.test().size() }));
        estimate.getParent().layout(true, true);
    }

    private void addCandidate(Scored candidate) {
        if (candidates.isDisposed()) {
            return;
        }
        candidatesSeen.removeIf(each -> each.number() == candidate.number());
        candidatesSeen.add(candidate);
        TableItem item = null;
        for (TableItem each : candidates.getItems()) {
            if (((Scored) each.getData()).number() == candidate.number()) {
                item = each;
            }
        }
        if (item == null) {
            item = new TableItem(candidates, SWT.NONE);
        }
        fill(item, candidate, false);
    }

    private void fill(TableItem item, Scored candidate, boolean best) {
        item.setData(candidate);
        item.setText(new String[] { "#" + candidate.number(), String.valueOf(candidate.generation()), share(candidate.fitness()),
                share(candidate.validation()), candidate.cost() == null ? "" : "$" + candidate.cost().setScale(4, java.math.RoundingMode.HALF_UP)
                        .toPlainString(), candidate.valid() ? best ? Messages.Optimize_best : Messages.Optimize_kept
                                : NLS.bind(Messages.Optimize_dropped, candidate.problem()), candidate.origin() });
        item.setForeground(candidate.valid() ? null : item.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        item.setBackground(best ? BEST : null);
    }

    private void showOutcome(Subject loaded, OptimizeOutcome result) {
        if (candidates.isDisposed()) {
            return;
        }
        subject = loaded;
        outcome = result;
        stoppedRun = OptimizeStore.STOPPED.equals(result.status()) ? result.runId() : null;
        stoppedSettings = stoppedRun == null ? null : result.settings();
        generationsSeen.clear();
        generationsSeen.addAll(result.generations());
        candidates.removeAll();
        candidatesSeen.clear();
        for (Scored each : result.candidates()) {
            candidatesSeen.add(each);
            fill(new TableItem(candidates, SWT.NONE), each.number() == result.start().number() ? result.start() : each.number() == result.best()
                    .number() ? result.best() : each, result.best() != null && each.number() == result.best().number());
        }
        drawChart();
        EvalOutcome.Comparison comparison = result.comparison();
        String tested = comparison == null ? Messages.Optimize_untested : NLS.bind(Messages.Optimize_tested, new Object[] { result.best().number(),
                comparison.verdict(), String.format(Locale.ROOT, "%+.3f", comparison.meanDifference()), String.format(Locale.ROOT, "%+.3f",
                        comparison.interval().low()), String.format(Locale.ROOT, "%+.3f", comparison.interval().high()), comparison.pairs() });
        Scored best = result.best() == null ? result.start() : result.best();
        summary.setText(NLS.bind(Messages.Optimize_summary, new Object[] { result.runId(), loaded.candidates().targetName(),
                result.settings().method().id(), result.settings().seed(), OptimizeStore.STOPPED.equals(result.status())
                        ? NLS.bind(Messages.Optimize_stopped, result.stopReason()) : Messages.Optimize_finished, result.candidates().size(),
                result.invalid(), result.spent().calls(), result.estimate().calls(), result.spent().tokens(), result.spent().dollars() == null ? "$0"
                        : "$" + result.spent().dollars().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(),
                share(result.start() == null ? null : result.start().fitness()), share(result.start() == null ? null : result.start().validation()),
                best == null ? 0 : best.number(), best == null ? "" : best.origin(), share(best == null ? null : best.fitness()),
                share(best == null ? null : best.validation()), tested }));
        if (best != null) {
            showDiff(best);
        }
    }

    private Scored selectedCandidate() {
        TableItem[] selection = candidates.getSelection();
        return selection.length == 1 ? (Scored) selection[0].getData() : null;
    }

    private void showDiff(Scored candidate) {
        if (candidate == null || subject == null) {
            diff.setText(Messages.Optimize_noDiff);
            return;
        }
        StringBuilder text = new StringBuilder();
        List<StyleRange> styles = new ArrayList<>();
        List<OutputDiff.Line> lines = OutputDiff.lines(subject.candidates().shape().fileText(), subject.candidates().shape().fileWith(candidate
                .candidate()));
        boolean[] shown = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).mark() != ' ') {
                for (int near = Math.max(0, i - DIFF_CONTEXT); near <= Math.min(lines.size() - 1, i + DIFF_CONTEXT); near++) {
                    shown[near] = true;
                }
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (!shown[i]) {
                if (i > 0 && shown[i - 1]) {
                    text.append("…\n");
                }
                continue;
            }
            OutputDiff.Line line = lines.get(i);
            int at = text.length();
            text.append(line.mark()).append(' ').append(line.text()).append('\n');
            if (line.mark() != ' ') {
                styles.add(new StyleRange(at, text.length() - at, null, line.mark() == '+' ? ADDED : REMOVED));
            }
        }
        if (text.isEmpty()) {
            text.append(Messages.Optimize_sameAsWritten);
        }
        diff.setText(text.toString());
        diff.setStyleRanges(styles.toArray(StyleRange[]::new));
    }

    private void drawChart() {
        if (chart.isDisposed()) {
            return;
        }
        var size = chart.getSize();
        if (size.x < 10 || size.y < 10) {
            return;
        }
        Image old = chartImage;
        chartImage = new Image(chart.getDisplay(), OptimizeChart.draw(generationsSeen, size.x, size.y));
        if (old != null) {
            old.dispose();
        }
        chart.redraw();
    }

    /** Writes the selected candidate (else the best) as the file's new version, after checking it; asks first when the test does not show it better. */
    private void adopt() {
        Scored chosen = selectedCandidate();
        if (chosen == null && outcome != null) {
            chosen = outcome.best();
        }
        if (chosen == null || !chosen.valid() || subject == null || outcome == null) {
            MessageDialog.openInformation(getSite().getShell(), Messages.Optimize_adoptTitle, Messages.Optimize_adoptNone);
            return;
        }
        boolean proven = outcome.improved() && outcome.best() != null && outcome.best().number() == chosen.number();
        if (!proven && !MessageDialog.openQuestion(getSite().getShell(), Messages.Optimize_adoptTitle, NLS.bind(Messages.Optimize_adoptUnproven,
                chosen.number()))) {
            return;
        }
        String problem = write(subject.promptFile(), subject.candidates().shape().fileText(), subject.candidates().shape().fileWith(chosen.candidate()),
                "#" + chosen.number());
        MessageDialog.openInformation(getSite().getShell(), Messages.Optimize_adoptTitle, problem != null ? problem : NLS.bind(
                Messages.Optimize_adopted, chosen.number(), subject.promptFile().getFileName()));
    }

    /**
     * Writes {@code after} into {@code file} through the workspace (so that the file's local history keeps the version
     * before, and an open editor follows), if the file still reads {@code before}, no editor holds unsaved changes,
     * and the language checks the folder with the new text; returns why not, or null when it was written.
     */
    String write(Path file, String before, String after, String what) {
        try {
            if (!Files.readString(file, StandardCharsets.UTF_8).equals(before)) {
                return NLS.bind(Messages.Optimize_adoptChanged, file.getFileName());
            }
            IFile resource = ResourcesPlugin.getWorkspace().getRoot().getFileForLocation(org.eclipse.core.runtime.IPath.fromFile(file.toFile()));
            if (resource != null && dirtyEditor(resource)) {
                return NLS.bind(Messages.Optimize_adoptDirty, file.getFileName());
            }
            List<Path> folder;
            try (Stream<Path> listed = Files.list(file.getParent())) {
                folder = listed.filter(each -> each.toString().endsWith(".pstudio")).toList();
            }
            LanguageWorkspace check = LanguageWorkspace.load(folder);
            check.replace(file, after.getBytes(StandardCharsets.UTF_8));
            List<Diagnostic> errors = new LanguageChecker().check(check).stream().filter(each -> each.severity() == Severity.ERROR).toList();
            if (!errors.isEmpty()) {
                return NLS.bind(Messages.Optimize_adoptInvalid, what, errors.get(0).format());
            }
            if (resource != null && resource.exists()) {
                resource.setContents(new ByteArrayInputStream(after.getBytes(StandardCharsets.UTF_8)), IResource.KEEP_HISTORY, null);
            } else {
                Files.writeString(file, after, StandardCharsets.UTF_8);
            }
            return null;
        } catch (IOException | CoreException e) {
            return NLS.bind(Messages.Optimize_adoptFailed, file.getFileName(), e.getMessage());
        }
    }

    private boolean dirtyEditor(IFile file) {
        for (IEditorReference reference : getSite().getPage().getEditorReferences()) {
            try {
                if (reference.getEditorInput() instanceof org.eclipse.ui.IFileEditorInput input && input.getFile().equals(file)) {
                    IEditorPart editor = reference.getEditor(false);
                    return editor != null && editor.isDirty();
                }
            } catch (PartInitException e) {
                return true;
            }
        }
        return false;
    }

    /** A round now ({@code every} 0), or rounds every so many milliseconds while the box stays ticked. */
    private void refine(long every) {
        EvalSuites.Found suite = selectedSuite();
        if (suite == null || refining != null && every == 0) {
            return;
        }
        Display display = proposals.getDisplay();
        RefineOperation operation = new RefineOperation(suite, getSite().getService(PromptRuns.class), proposal -> display.asyncExec(
                this::showProposals));
        Job job = WorkbenchOperation.job(NLS.bind(Messages.Refine_job, suite.label()), operation);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                display.asyncExec(() -> {
                    if (proposals.isDisposed()) {
                        return;
                    }
                    if (refining == event.getJob()) {
                        refining = null;
                    }
                    if (event.getResult().getSeverity() == IStatus.ERROR) {
                        summary.setText(event.getResult().getMessage());
                    }
                    if (every > 0 && refineEvery.getSelection() && event.getResult().getSeverity() != IStatus.CANCEL) {
                        refining = WorkbenchOperation.job(NLS.bind(Messages.Refine_job, suite.label()), operation);
                        refining.addJobChangeListener(this);
                        refining.schedule(every);
                    }
                });
            }
        });
        refining = job;
        job.schedule();
    }

    /** The logged rounds of the selected eval's prompt, newest first. */
    void showProposals() {
        EvalSuites.Found suite = selectedSuite();
        if (suite == null || proposals.isDisposed()) {
            return;
        }
        try (OptimizeStore store = OptimizeStore.open(WorkbenchSettings.optimizeStoreFile())) {
            logged = store.proposals(null, 200).stream().filter(each -> each.suite().equals(suite.name())).toList();
        } catch (HistoryException e) {
            summary.setText(e.getMessage());
            return;
        }
        proposals.removeAll();
        for (OptimizeStore.StoredProposal each : logged) {
            TableItem item = new TableItem(proposals, SWT.NONE);
            item.setData(each);
            item.setText(new String[] { each.id(), TIME.format(each.createdAt()), each.status(), each.afterScore() == null ? share(each.beforeScore())
                    : share(each.beforeScore()) + " → " + share(each.afterScore()), each.diagnosis() == null ? each.problem() == null ? ""
                            : each.problem() : each.diagnosis() });
        }
    }

    private OptimizeStore.StoredProposal selectedProposal() {
        TableItem[] selection = proposals.getSelection();
        OptimizeStore.StoredProposal chosen = selection.length == 1 ? (OptimizeStore.StoredProposal) selection[0].getData() : null;
        if (chosen == null || chosen.fileAfter() == null) {
            MessageDialog.openInformation(getSite().getShell(), Messages.Optimize_tabRefine, Messages.Refine_selectProposal);
            return null;
        }
        return chosen;
    }

    /** Opens the compare editor on the file as written and as the round proposes it. */
    private void review() {
        OptimizeStore.StoredProposal chosen = selectedProposal();
        if (chosen == null) {
            return;
        }
        CompareTexts.open(NLS.bind(Messages.Refine_compareTitle, chosen.id()), Messages.Refine_asWritten, chosen::fileBefore, Messages.Refine_proposed,
                chosen::fileAfter);
    }

    private void acceptProposal() {
        OptimizeStore.StoredProposal chosen = selectedProposal();
        if (chosen == null) {
            return;
        }
        String message;
        try (OptimizeStore store = OptimizeStore.open(WorkbenchSettings.optimizeStoreFile())) {
            String[] problem = new String[1];
            Refiner.accept(store, chosen.id(), (file, text) -> {
                problem[0] = write(file, chosen.fileBefore(), text, chosen.id());
                if (problem[0] != null) {
                    throw new IOException(problem[0]);
                }
            });
            message = NLS.bind(Messages.Refine_accepted, chosen.id(), Path.of(chosen.filePath()).getFileName());
        } catch (HistoryException | IOException | IllegalArgumentException e) {
            message = NLS.bind(Messages.Refine_acceptFailed, e.getMessage());
        }
        MessageDialog.openInformation(getSite().getShell(), Messages.Optimize_tabRefine, message);
        showProposals();
    }

    private void rejectProposal() {
        OptimizeStore.StoredProposal chosen = selectedProposal();
        if (chosen == null) {
            return;
        }
        String message;
        try (OptimizeStore store = OptimizeStore.open(WorkbenchSettings.optimizeStoreFile())) {
            Refiner.reject(store, chosen.id());
            message = NLS.bind(Messages.Refine_rejected, chosen.id());
        } catch (HistoryException | IllegalArgumentException e) {
            message = NLS.bind(Messages.Refine_acceptFailed, e.getMessage());
        }
        MessageDialog.openInformation(getSite().getShell(), Messages.Optimize_tabRefine, message);
        showProposals();
    }

    /** The outcome of the last run shown, or null before one ends. */
    public OptimizeOutcome outcome() {
        return outcome;
    }

    private static String share(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.3f", value);
    }
}
