package io.promptstudio.ui.runs.internal.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.runs.CacheUse;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.runs.RunException;
import io.promptstudio.runs.RunListener;
import io.promptstudio.runs.RunRequest;
import io.promptstudio.runtime.RunRecord;
import io.promptstudio.runtime.provider.ModelSettings;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchOperation;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.runs.internal.ChosenProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
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
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.part.ViewPart;

/**
 * Runs a prompt by hand: pick the prompt and a profile (with overrides), fill the form made from its typed
 * parameters, press Run (an Eclipse Job: progress, Cancel). The answer streams in; the typed output is shown as a
 * tree with the repairs the parser made, and the tokens, cost and latency. Compare runs the same inputs on several
 * profiles side by side. Every run goes to the Execution History.
 */
public class PlaygroundView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.playground";

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> OVERRIDES = List.of("temperature", "top_p", "seed", "max_tokens", "endpoint");

    private Combo prompts;
    private Combo profiles;
    private org.eclipse.swt.widgets.List compareWith;
    private final Map<String, Text> overrides = new LinkedHashMap<>();
    private ScrolledComposite formScroll;
    private Composite formHolder;
    private ParameterForm form;
    private Button run;
    private Button cancel;
    private Button compare;
    private Button useCache;
    private Label message;
    private StyledText output;
    private Label metrics;
    private Tree typedOutput;
    private org.eclipse.swt.widgets.List repairs;
    private Table comparison;
    private CTabFolder tabs;
    private List<LanguageSession.PromptInfo> known = List.of();
    private volatile Job running;
    private final Runnable languageListener = () -> Display.getDefault().asyncExec(this::refreshPrompts);

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite header = new Composite(parent, SWT.NONE);
        header.setLayout(new GridLayout(7, false));
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        new Label(header, SWT.NONE).setText(Messages.Playground_promptLabel);
        prompts = new Combo(header, SWT.READ_ONLY | SWT.DROP_DOWN);
        prompts.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        prompts.setData("name", "prompt");
        prompts.addListener(SWT.Selection, event -> selectPrompt(prompts.getText(), null));
        new Label(header, SWT.NONE).setText(Messages.Playground_profileLabel);
        profiles = new Combo(header, SWT.READ_ONLY | SWT.DROP_DOWN);
        profiles.setData("name", "profile");
        profiles.addListener(SWT.Selection, event -> profileChanged());
        run = new Button(header, SWT.PUSH);
        run.setText(Messages.Playground_run);
        run.addListener(SWT.Selection, event -> runSelected());
        useCache = new Button(header, SWT.CHECK);
        useCache.setText(Messages.Playground_cache);
        useCache.setData("name", "cache");
        useCache.setToolTipText(Messages.Playground_cacheTooltip);
        cancel = new Button(header, SWT.PUSH);
        cancel.setText(Messages.Playground_cancel);
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, event -> {
            Job job = running;
            if (job != null) {
                job.cancel();
            }
        });

        Composite settings = new Composite(parent, SWT.NONE);
        settings.setLayout(new GridLayout(OVERRIDES.size() * 2 + 2, false));
        settings.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        for (String key : OVERRIDES) {
            new Label(settings, SWT.NONE).setText(Messages.bind(Messages.Field_label, key));
            Text field = new Text(settings, SWT.BORDER);
            GridData layout = new GridData(SWT.FILL, SWT.CENTER, key.equals("endpoint"), false);
            layout.widthHint = key.equals("endpoint") ? 180 : 50;
            field.setLayoutData(layout);
            field.setData("name", "override." + key);
            field.addModifyListener(event -> profileChanged());
            overrides.put(key, field);
        }
        compare = new Button(settings, SWT.PUSH);
        compare.setText(Messages.Playground_compare);
        compare.setToolTipText(Messages.Playground_compareTooltip);
        compare.addListener(SWT.Selection, event -> compareSelected());
        compareWith = new org.eclipse.swt.widgets.List(settings, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
        GridData compareLayout = new GridData(SWT.FILL, SWT.FILL, false, false);
        compareLayout.heightHint = compareWith.getItemHeight() * 3;
        compareLayout.widthHint = 140;
        compareWith.setLayoutData(compareLayout);
        compareWith.setData("name", "compareWith");

        message = new Label(parent, SWT.WRAP);
        message.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        message.setData("name", "message");

        // form left, results right: the view usually sits in the wide, low panel under the editor
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        formScroll = new ScrolledComposite(sash, SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        formScroll.setExpandHorizontal(true);
        formScroll.setExpandVertical(true);
        formHolder = new Composite(formScroll, SWT.NONE);
        formScroll.setContent(formHolder);

        tabs = new CTabFolder(sash, SWT.BORDER | SWT.BOTTOM);
        Composite outputPage = new Composite(tabs, SWT.NONE);
        outputPage.setLayout(new GridLayout(1, false));
        metrics = new Label(outputPage, SWT.WRAP);
        metrics.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        metrics.setData("name", "metrics");
        SashForm results = new SashForm(outputPage, SWT.VERTICAL);
        results.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        output = new StyledText(results, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.READ_ONLY);
        output.setData("name", "output");
        typedOutput = new Tree(results, SWT.BORDER | SWT.V_SCROLL);
        typedOutput.setData("name", "typedOutput");
        repairs = new org.eclipse.swt.widgets.List(outputPage, SWT.BORDER | SWT.V_SCROLL);
        GridData repairsLayout = new GridData(SWT.FILL, SWT.BOTTOM, true, false);
        repairsLayout.heightHint = repairs.getItemHeight() * 2;
        repairs.setLayoutData(repairsLayout);
        repairs.setData("name", "repairs");
        CTabItem outputTab = new CTabItem(tabs, SWT.NONE);
        outputTab.setText(Messages.Playground_outputTab);
        outputTab.setControl(outputPage);

        comparison = new Table(tabs, SWT.BORDER | SWT.FULL_SELECTION);
        comparison.setHeaderVisible(true);
        comparison.setLinesVisible(true);
        comparison.setData("name", "comparison");
        for (String column : List.of(Messages.Column_profile, Messages.Column_model, Messages.Column_status, Messages.Column_output,
                Messages.Column_tokens, Messages.Column_cost, Messages.Column_latency)) {
            TableColumn each = new TableColumn(comparison, SWT.LEFT);
            each.setText(column);
            each.setWidth(column.equals(Messages.Column_output) ? 320 : 100);
        }
        CTabItem compareTab = new CTabItem(tabs, SWT.NONE);
        compareTab.setText(Messages.Playground_compareTab);
        compareTab.setControl(comparison);
        tabs.setSelection(outputTab);
        sash.setWeights(45, 55);

        language().addListener(languageListener);
        refreshPrompts();
    }

    private void refreshPrompts() {
        if (prompts == null || prompts.isDisposed()) {
            return;
        }
        Job.create(Messages.Playground_loadJob, monitor -> {
            LanguageSession session = language().session();
            List<LanguageSession.PromptInfo> found = session.prompts();
            List<String> profileNames = session.profiles();
            Display.getDefault().asyncExec(() -> showPrompts(found, profileNames));
            return Status.OK_STATUS;
        }).schedule();
    }

    private void showPrompts(List<LanguageSession.PromptInfo> found, List<String> profileNames) {
        if (prompts.isDisposed()) {
            return;
        }
        known = found;
        String selected = prompts.getText();
        prompts.setItems(found.stream().map(LanguageSession.PromptInfo::name).toArray(String[]::new));
        String profile = profiles.getText();
        profiles.setItems(profileNames.toArray(String[]::new));
        compareWith.setItems(profileNames.toArray(String[]::new));
        if (!profile.isEmpty() && profileNames.contains(profile)) {
            profiles.setText(profile);
        }
        if (!selected.isEmpty() && prompts.indexOf(selected) >= 0) {
            Map<String, Object> kept = form == null ? null : safeValues();
            selectPrompt(selected, kept);
        } else if (form == null && !found.isEmpty()) {
            selectPrompt(found.get(0).name(), null);
        }
    }

    private Map<String, Object> safeValues() {
        try {
            return form.values();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Shows a prompt's form; {@code arguments} fill it (a re-run), else it starts empty. */
    public void selectPrompt(String name, Map<String, Object> arguments) {
        Optional<LanguageSession.PromptInfo> prompt = known.stream().filter(info -> info.name().equals(name)).findFirst();
        if (prompt.isEmpty()) {
            message.setText(Messages.bind(Messages.Playground_noPrompt, name));
            return;
        }
        prompts.setText(name);
        for (var child : formHolder.getChildren()) {
            child.dispose();
        }
        LanguageSession session = language().session();
        form = new ParameterForm(formHolder, prompt.get(), entry -> session.argumentProblems(name, entry.getKey(), entry.getValue()),
                this::formChanged, getSite().getService(io.promptstudio.ui.search.SearchService.class));
        if (arguments != null) {
            form.fill(arguments);
        }
        String profile = WorkbenchSettings.defaultProfile() != null && profiles.indexOf(WorkbenchSettings.defaultProfile()) >= 0
                ? WorkbenchSettings.defaultProfile() : prompt.get().profile();
        if (profile != null && profiles.indexOf(profile) >= 0 && (arguments == null || profiles.getText().isEmpty())) {
            profiles.setText(profile);
        }
        formScroll.setMinSize(formHolder.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        formHolder.layout(true, true);
        formChanged();
        profileChanged();
    }

    /** Shows a prompt, loading the workspace's prompts first when the view has not yet. */
    public void show(String prompt) {
        Job.create(Messages.Playground_loadJob, monitor -> {
            LanguageSession session = language().session();
            List<LanguageSession.PromptInfo> found = session.prompts();
            List<String> profileNames = session.profiles();
            Display.getDefault().asyncExec(() -> {
                showPrompts(found, profileNames);
                selectPrompt(prompt, null);
            });
            return Status.OK_STATUS;
        }).schedule();
    }

    /** Re-run from the history: the prompt, its profile and its arguments. */
    public void prepare(String prompt, String profile, Map<String, Object> arguments) {
        Job.create(Messages.Playground_loadJob, monitor -> {
            LanguageSession session = language().session();
            List<LanguageSession.PromptInfo> found = session.prompts();
            List<String> profileNames = session.profiles();
            Display.getDefault().asyncExec(() -> {
                showPrompts(found, profileNames);
                if (profile != null && profiles.indexOf(profile) >= 0) {
                    profiles.setText(profile);
                }
                selectPrompt(prompt, arguments);
            });
            return Status.OK_STATUS;
        }).schedule();
    }

    private void formChanged() {
        if (form == null) {
            return;
        }
        Map<String, String> problems = form.problems();
        message.setText(problems.isEmpty() ? "" : Messages.bind(Messages.Playground_fixInputs, String.join("; ", problems.entrySet().stream()
                .map(entry -> Messages.bind(Messages.Playground_inputProblem, entry.getKey(), entry.getValue())).toList())));
        message.getParent().layout();
        updateButtons();
        formScroll.setMinSize(formHolder.computeSize(SWT.DEFAULT, SWT.DEFAULT));
    }

    private void profileChanged() {
        String profile = profiles.getText();
        if (profile.isEmpty()) {
            getSite().getService(ChosenProfile.class).choose(null, null);
            return;
        }
        try {
            ModelSettings settings = runs().settings(request(profile));
            getSite().getService(ChosenProfile.class).choose(profile, settings.model());
        } catch (RunException | IllegalArgumentException e) {
            getSite().getService(ChosenProfile.class).choose(profile, Messages.Value_unknown);
        }
    }

    private void updateButtons() {
        boolean idle = running == null;
        boolean ready = form != null && form.problems().isEmpty() && !profiles.getText().isEmpty();
        run.setEnabled(idle && ready);
        compare.setEnabled(idle && ready);
        cancel.setEnabled(!idle);
    }

    private RunRequest request(String profile) {
        Map<String, String> values = new LinkedHashMap<>();
        overrides.forEach((key, text) -> values.put(key, text.getText()));
        return RunRequest.of(prompts.getText(), form == null ? Map.of() : form.values()).withProfile(profile).withOverrides(values)
                .withCache(useCache.getSelection() ? CacheUse.standard() : null);
    }

    private LanguageService language() {
        return getSite().getService(LanguageService.class);
    }

    /** The workbench's runner, from the part's context. */
    private PromptRuns runs() {
        return getSite().getService(PromptRuns.class);
    }

    private void runSelected() {
        if (profiles.getText().isEmpty()) {
            message.setText(Messages.Playground_pickProfile);
            return;
        }
        output.setText("");
        typedOutput.removeAll();
        repairs.removeAll();
        metrics.setText(Messages.bind(Messages.Playground_running, prompts.getText(), profiles.getText()));
        tabs.setSelection(0);
        RunRequest request = request(profiles.getText());
        Display display = output.getDisplay();
        RunListener streamed = new RunListener() {
            @Override
            public void text(String piece) {
                display.asyncExec(() -> {
                    if (!output.isDisposed()) {
                        output.append(piece);
                    }
                });
            }
        };
        start(Messages.bind(Messages.Run_job, request.prompt()), new RunPromptsOperation(runs(), List.of(request), streamed,
                record -> display.asyncExec(() -> showRun(record)), problems -> showInputProblems(display, problems)));
    }

    private void compareSelected() {
        List<String> chosen = new ArrayList<>();
        chosen.add(profiles.getText());
        for (String other : compareWith.getSelection()) {
            if (!chosen.contains(other)) {
                chosen.add(other);
            }
        }
        if (chosen.size() < 2) {
            message.setText(Messages.Playground_compareNeedsMore);
            return;
        }
        comparison.removeAll();
        tabs.setSelection(1);
        List<RunRequest> requests = chosen.stream().map(this::request).toList();
        Display display = comparison.getDisplay();
        start(Messages.bind(Messages.Compare_job, prompts.getText(), chosen.size()), new RunPromptsOperation(runs(), requests,
                RunListener.NONE, record -> display.asyncExec(() -> addComparison(record)), problems -> showInputProblems(display, problems)));
    }

    private void showInputProblems(Display display, List<String> problems) {
        display.asyncExec(() -> {
            if (!message.isDisposed()) {
                message.setText(Messages.bind(Messages.Playground_inputs, String.join("; ", problems)));
            }
        });
    }

    private void start(String name, RunPromptsOperation operation) {
        Job job = WorkbenchOperation.job(name, operation);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                running = null;
                Display.getDefault().asyncExec(() -> {
                    if (!run.isDisposed()) {
                        updateButtons();
                        if (event.getResult().getSeverity() == IStatus.ERROR) {
                            ErrorDialog.openError(run.getShell(), Messages.Playground_errorTitle, null, event.getResult());
                        } else if (event.getResult().getSeverity() == IStatus.CANCEL) {
                            metrics.setText(Messages.Playground_cancelled);
                        }
                    }
                });
            }
        });
        running = job;
        updateButtons();
        job.schedule();
    }

    private void showRun(RunRecord record) {
        if (metrics.isDisposed()) {
            return;
        }
        boolean succeeded = RunRecord.SUCCEEDED.equals(record.status());
        boolean cached = record.cacheStatus() != null && record.cacheStatus().contains("hit");
        String summary = cached ? Messages.bind(Messages.Playground_fromCache, record.cacheStatus(), record.summary()) : record.summary();
        metrics.setText((succeeded ? "" : Messages.bind(Messages.Run_statusError, new Object[] {record.status(), record.errorKind(),
                record.errorMessage()}) + "\n") + summary + (succeeded && record.errorMessage() != null ? "\n" + record.errorMessage() : ""));
        if (output.getText().isEmpty() && record.responseText() != null) {
            output.setText(record.responseText());
        }
        typedOutput.removeAll();
        if (record.outputJson() != null) {
            try {
                JsonNode value = JSON.readTree(record.outputJson());
                TreeItem root = new TreeItem(typedOutput, SWT.NONE);
                fill(root, Messages.Playground_outputRoot, value);
                expand(root);
            } catch (java.io.IOException e) {
                new TreeItem(typedOutput, SWT.NONE).setText(record.outputJson());
            }
        }
        repairs.removeAll();
        try {
            for (JsonNode repair : JSON.readTree(record.repairsJson())) {
                repairs.add(Messages.bind(Messages.Playground_repaired, repair.asText()));
            }
        } catch (java.io.IOException e) {
            repairs.add(record.repairsJson());
        }
        metrics.getParent().layout();
    }

    private static void fill(TreeItem item, String name, JsonNode value) {
        if (value.isObject()) {
            item.setText(name);
            value.fields().forEachRemaining(entry -> fill(new TreeItem(item, SWT.NONE), entry.getKey(), entry.getValue()));
        } else if (value.isArray()) {
            item.setText(Messages.bind(Messages.Playground_treeList, name, value.size()));
            for (int i = 0; i < value.size(); i++) {
                fill(new TreeItem(item, SWT.NONE), Messages.bind(Messages.Playground_treeIndex, i), value.get(i));
            }
        } else {
            item.setText(Messages.bind(Messages.Playground_treeValue, name, value.isTextual() ? value.asText() : value.toString()));
        }
    }

    private static void expand(TreeItem item) {
        item.setExpanded(true);
        for (TreeItem child : item.getItems()) {
            expand(child);
        }
    }

    private void addComparison(RunRecord record) {
        if (comparison.isDisposed()) {
            return;
        }
        TableItem row = new TableItem(comparison, SWT.NONE);
        String shown = record.outputJson() != null ? record.outputJson()
                : Messages.bind(Messages.Run_error, record.errorKind(), record.errorMessage());
        row.setText(new String[] {record.profile(), record.returnedModel() != null ? record.returnedModel() : record.requestedModel(),
                record.status(), shown.length() > 300 ? Messages.bind(Messages.Value_truncated, shown.substring(0, 300)) : shown,
                record.inputTokens() == null ? Messages.Value_unknown
                        : Messages.bind(Messages.Value_tokens, record.inputTokens(), record.outputTokens()),
                record.cost() == null ? Messages.Value_unknown
                        : Messages.bind(Messages.Value_cost, record.cost().setScale(6, java.math.RoundingMode.HALF_UP).toPlainString()),
                Messages.bind(Messages.Value_latency, record.totalMillis())});
    }

    @Override
    public void setFocus() {
        prompts.setFocus();
    }

    @Override
    public void dispose() {
        language().removeListener(languageListener);
        super.dispose();
    }
}
