package io.promptstudio.ui.chains.internal;

import io.promptstudio.chains.ChainGraphExport;
import io.promptstudio.chains.StageResult;
import io.promptstudio.dsl.ide.session.LanguageSession;
import io.promptstudio.dsl.types.Types;
import io.promptstudio.runs.PromptRuns;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Transform;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

/**
 * The Chain Graph view: a chain of the open projects drawn as its data flow (stages with their kind, output type and
 * calls; edges labelled with the type they carry), following the text as it is typed; zoom and pan; export as PNG or
 * SVG; and a run from the saved file with each stage coloured as it starts, succeeds or fails, its time and cost shown
 * on it, and its stored result a double-click away.
 */
public class ChainGraphView extends ViewPart {

    public static final String ID = "io.promptstudio.ui.chains";

    /** How often the view looks at the language session for a changed chain, while it is shown. */
    private static final int FOLLOW_MILLIS = 600;

    private Combo chains;
    private Combo palette;
    private Button run;
    private Button cancel;
    private Canvas canvas;
    private Label status;
    private Map<String, Path> found = Map.of();
    private ChainGraphExport.Layout layout;
    private double zoom = 1;
    private int panX;
    private int panY;
    private Point dragFrom;
    private final Map<String, StageResult> results = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private Job job;
    private Runnable follow;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite header = new Composite(parent, SWT.NONE);
        header.setLayout(new GridLayout(11, false));
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(header, SWT.NONE).setText(Messages.Chains_chain);
        chains = new Combo(header, SWT.READ_ONLY);
        chains.setData("name", "chains");
        chains.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        chains.addListener(SWT.Selection, event -> showSelected(true));
        run = button(header, Messages.Chains_run, "run");
        run.addListener(SWT.Selection, event -> askAndRun());
        cancel = button(header, Messages.Chains_cancel, "cancel");
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, event -> {
            if (job != null) {
                job.cancel();
            }
        });
        button(header, Messages.Chains_zoomIn, "zoomIn").addListener(SWT.Selection, event -> zoomBy(1.25));
        button(header, Messages.Chains_zoomOut, "zoomOut").addListener(SWT.Selection, event -> zoomBy(0.8));
        button(header, Messages.Chains_fit, "fit").addListener(SWT.Selection, event -> fit());
        button(header, Messages.Chains_exportPng, "exportPng").addListener(SWT.Selection, event -> export(false));
        button(header, Messages.Chains_exportSvg, "exportSvg").addListener(SWT.Selection, event -> export(true));
        palette = new Combo(header, SWT.READ_ONLY);
        palette.setData("name", "palette");
        palette.setToolTipText(Messages.Chains_paletteTip);
        button(header, Messages.Chains_addStage, "addStage").addListener(SWT.Selection, event -> addStage(palette.getText()));
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        canvas.setData("name", "graph");
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        canvas.addPaintListener(event -> paint(event.gc, true));
        canvas.addListener(SWT.MouseDown, event -> dragFrom = new Point(event.x, event.y));
        canvas.addListener(SWT.MouseUp, event -> dragFrom = null);
        canvas.addListener(SWT.MouseMove, event -> {
            if (dragFrom != null) {
                panX += event.x - dragFrom.x;
                panY += event.y - dragFrom.y;
                dragFrom = new Point(event.x, event.y);
                canvas.redraw();
            } else {
                ChainGraphExport.Box box = boxAt(event.x, event.y);
                StageResult result = box == null || box.stage() == null ? null : results.get(box.stage());
                canvas.setToolTipText(result == null ? null : ChainGraphExport.shortened(result.outputJson() != null ? result.outputJson()
                        : String.valueOf(result.error()), 400));
            }
        });
        canvas.addListener(SWT.MouseVerticalWheel, event -> {
            if ((event.stateMask & SWT.MOD1) != 0) {
                zoomBy(event.count > 0 ? 1.1 : 0.9);
            }
        });
        canvas.addListener(SWT.MouseDoubleClick, event -> {
            ChainGraphExport.Box box = boxAt(event.x, event.y);
            if (box != null && box.stage() != null && results.containsKey(box.stage())) {
                showResult(results.get(box.stage()));
            }
        });
        status = new Label(parent, SWT.WRAP);
        status.setData("name", "status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        status.setText(Messages.Chains_hint);
        follow = () -> {
            if (!canvas.isDisposed()) {
                refresh();
                canvas.getDisplay().timerExec(FOLLOW_MILLIS, follow);
            }
        };
        canvas.getDisplay().timerExec(0, follow);
    }

    private static Button button(Composite parent, String label, String name) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.setData("name", name);
        return button;
    }

    /** Reads the chains of the language session again, and the shown chain's drawing; redraws when it changed. */
    public void refresh() {
        LanguageSession session = getSite().getService(LanguageService.class).session();
        Map<String, Path> now = session.chains();
        List<String> callable = new ArrayList<>(session.prompts().stream().map(LanguageSession.PromptInfo::name).toList());
        callable.addAll(now.keySet());
        if (!java.util.Arrays.asList(palette.getItems()).equals(callable)) {
            String picked = palette.getText();
            palette.setItems(callable.toArray(String[]::new));
            palette.select(Math.max(0, palette.indexOf(picked)));
        }
        if (!now.equals(found)) {
            String selected = chains.getText();
            found = now;
            chains.setItems(now.keySet().toArray(String[]::new));
            int index = chains.indexOf(selected);
            if (index >= 0) {
                chains.select(index);
            } else if (!now.isEmpty()) {
                chains.select(0);
            }
            if (now.isEmpty()) {
                status.setText(Messages.Chains_none);
            }
        }
        showSelected(false);
    }

    /** Shows a chain by its qualified name; false when the session has no such chain (yet). */
    public boolean select(String name) {
        refresh();
        int index = chains.indexOf(name);
        if (index >= 0 && chains.getSelectionIndex() != index) {
            chains.select(index);
            showSelected(true);
        }
        return index >= 0;
    }

    private void showSelected(boolean reset) {
        String name = chains.getText();
        if (name.isEmpty()) {
            layout = null;
            canvas.redraw();
            return;
        }
        ChainGraphExport.Layout drawn = getSite().getService(LanguageService.class).session()
                .withChain(name, ChainGraphExport::layout).orElse(null);
        if (reset) {
            results.clear();
            running.clear();
            panX = 0;
            panY = 0;
            status.setText(Messages.Chains_hint);
        }
        if (reset || drawn != null && !drawn.equals(layout)) {
            layout = drawn;
            canvas.redraw();
        }
    }

    /**
     * Adds a stage calling {@code callee} (a prompt or chain by qualified name) to the chain shown, before its
     * {@code return}, its inputs connected to the latest stage or input that fits: an edit of that one place in the
     * text, made in the open editor when the file is open there (so it can be undone), else in the file.
     */
    public void addStage(String callee) {
        String name = chains.getText();
        Path file = found.get(name);
        if (name.isEmpty() || callee.isEmpty() || file == null) {
            return;
        }
        LanguageSession session = getSite().getService(LanguageService.class).session();
        var insertion = session.withChain(name, chain -> io.promptstudio.dsl.chain.ChainEdits.addStage(chain, callee)).orElse(null);
        if (insertion == null) {
            return;
        }
        try {
            org.eclipse.core.resources.IFile resource = LanguageService.fileFor(file);
            var editor = resource == null ? null : getSite().getPage().findEditor(new org.eclipse.ui.part.FileEditorInput(resource));
            if (editor instanceof org.eclipse.ui.texteditor.ITextEditor text) {
                text.getDocumentProvider().getDocument(text.getEditorInput()).replace(insertion.offset(), 0, insertion.text());
            } else {
                var buffered = session.text(file);
                String current = buffered.isPresent() ? buffered.get() : Files.readString(file);
                String updated = current.substring(0, insertion.offset()) + insertion.text() + current.substring(insertion.offset());
                if (resource != null) {
                    resource.setContents(new java.io.ByteArrayInputStream(updated.getBytes(java.nio.charset.StandardCharsets.UTF_8)), true, true, null);
                } else {
                    Files.writeString(file, updated);
                }
            }
            status.setText(NLS.bind(Messages.Chains_added, insertion.stage()));
        } catch (java.io.IOException | org.eclipse.core.runtime.CoreException | org.eclipse.jface.text.BadLocationException e) {
            status.setText(NLS.bind(Messages.Chains_editFailed, e.getMessage()));
        }
    }

    /** The boxes of the chain shown, for tests and exports. */
    public List<ChainGraphExport.Box> boxes() {
        return layout == null ? List.of() : layout.boxes();
    }

    /** The edges of the chain shown, for tests. */
    public List<ChainGraphExport.Route> routes() {
        return layout == null ? List.of() : layout.routes();
    }

    /** A stage's status in the last run shown ("running", or a {@link StageResult} status), or null. */
    public String stageStatus(String stage) {
        if (running.containsKey(stage)) {
            return "running";
        }
        StageResult result = results.get(stage);
        return result == null ? null : result.status();
    }

    public String statusText() {
        return status.getText();
    }

    private void zoomBy(double factor) {
        zoom = Math.max(0.2, Math.min(4, zoom * factor));
        canvas.redraw();
    }

    private void fit() {
        if (layout == null) {
            return;
        }
        var area = canvas.getClientArea();
        zoom = Math.max(0.2, Math.min(2, Math.min((double) area.width / layout.width(), (double) area.height / layout.height())));
        panX = 0;
        panY = 0;
        canvas.redraw();
    }

    private ChainGraphExport.Box boxAt(int x, int y) {
        if (layout == null) {
            return null;
        }
        int graphX = (int) ((x - panX) / zoom);
        int graphY = (int) ((y - panY) / zoom);
        return layout.boxes().stream().filter(box -> box.contains(graphX, graphY)).findFirst().orElse(null);
    }

    private void paint(GC gc, boolean onScreen) {
        if (layout == null) {
            return;
        }
        Display display = canvas.getDisplay();
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        Transform transform = new Transform(display);
        if (onScreen) {
            transform.translate(panX, panY);
            transform.scale((float) zoom, (float) zoom);
        }
        gc.setTransform(transform);
        Color edge = new Color(0x55, 0x55, 0x55);
        Color misfit = new Color(0xc6, 0x28, 0x28);
        Color border = new Color(0x3b, 0x6a, 0xb5);
        for (ChainGraphExport.Route route : layout.routes()) {
            // a type error shows on the edge it is on: red, and said in the label
            gc.setForeground(route.fits() ? edge : misfit);
            String label = route.fits() ? route.label() : NLS.bind(Messages.Chains_misfit, route.label());
            if (route.curved()) {
                org.eclipse.swt.graphics.Path path = new org.eclipse.swt.graphics.Path(display);
                path.moveTo(route.x1(), route.y1());
                path.cubicTo(route.bend(), route.y1(), route.bend(), route.y2(), route.x2(), route.y2());
                gc.drawPath(path);
                path.dispose();
                arrow(gc, route.x2(), route.y2(), -1, 0);
                Point size = gc.textExtent(label);
                gc.drawText(label, route.labelX() - size.x, route.labelY() - size.y / 2, true);
            } else {
                gc.drawLine(route.x1(), route.y1(), route.x2(), route.y2());
                double length = Math.max(1, Math.hypot(route.x2() - route.x1(), route.y2() - route.y1()));
                arrow(gc, route.x2(), route.y2(), (route.x2() - route.x1()) / length, (route.y2() - route.y1()) / length);
                gc.drawText(label, route.labelX(), route.labelY() - gc.getFontMetrics().getHeight() / 2, true);
            }
        }
        for (ChainGraphExport.Box box : layout.boxes()) {
            String state = box.stage() == null ? null : stageStatus(box.stage());
            Color fill = new Color(fillFor(state, box.terminal()));
            gc.setBackground(fill);
            int arc = box.terminal() ? 40 : 10;
            gc.fillRoundRectangle(box.x(), box.y(), box.width(), box.height(), arc, arc);
            gc.setForeground(border);
            gc.setLineWidth(state == null ? 1 : 2);
            gc.drawRoundRectangle(box.x(), box.y(), box.width(), box.height(), arc, arc);
            gc.setLineWidth(1);
            gc.setForeground(display.getSystemColor(SWT.COLOR_BLACK));
            centered(gc, box, box.title(), 4);
            gc.setForeground(edge);
            StageResult result = box.stage() == null ? null : results.get(box.stage());
            String second = result == null ? box.subtitle() : result.status() + " · " + result.millis() + " ms"
                    + (result.cost() == null ? "" : " · $" + result.cost().stripTrailingZeros().toPlainString());
            centered(gc, box, ChainGraphExport.shortened(second, 40), 22);
            if (!box.calls().isEmpty()) {
                centered(gc, box, ChainGraphExport.shortened(box.calls(), 40), 40);
            }
            fill.dispose();
        }
        edge.dispose();
        misfit.dispose();
        border.dispose();
        gc.setTransform(null);
        transform.dispose();
    }

    private static RGB fillFor(String state, boolean terminal) {
        if (state == null) {
            return terminal ? new RGB(0xee, 0xf3, 0xfb) : new RGB(0xff, 0xff, 0xff);
        }
        return switch (state) {
            case "running" -> new RGB(0xff, 0xf3, 0xc4);
            case StageResult.SUCCEEDED -> new RGB(0xdf, 0xf5, 0xdf);
            case StageResult.FAILED -> new RGB(0xf8, 0xd7, 0xd7);
            default -> new RGB(0xee, 0xee, 0xee);
        };
    }

    private static void centered(GC gc, ChainGraphExport.Box box, String text, int top) {
        String fitting = text;
        // the box's width with a margin: a long list of calls is cut, not drawn across the border
        while (fitting.length() > 2 && gc.textExtent(fitting).x > box.width() - 12) {
            fitting = fitting.substring(0, fitting.length() - 2) + "…";
        }
        Point size = gc.textExtent(fitting);
        gc.drawText(fitting, box.x() + (box.width() - size.x) / 2, box.y() + top, true);
    }

    private static void arrow(GC gc, int x, int y, double dx, double dy) {
        double nx = -dy;
        double ny = dx;
        int[] points = {x, y, (int) Math.round(x - 9 * dx + 4 * nx), (int) Math.round(y - 9 * dy + 4 * ny),
            (int) Math.round(x - 9 * dx - 4 * nx), (int) Math.round(y - 9 * dy - 4 * ny)};
        gc.setBackground(gc.getForeground());
        gc.fillPolygon(points);
    }

    private void showResult(StageResult result) {
        MessageDialog.openInformation(getSite().getShell(), NLS.bind(Messages.Chains_stageTitle, result.stage()), NLS.bind(Messages.Chains_stageBody,
                new Object[] {result.kind(), result.status(), result.detail() == null ? "" : result.detail(), result.inputJson(),
                    result.outputJson(), result.error() == null ? "" : result.error()}));
    }

    private void export(boolean svg) {
        String name = chains.getText();
        if (name.isEmpty() || layout == null) {
            return;
        }
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setFileName(name.replaceAll(".*\\.", "") + (svg ? ".svg" : ".png"));
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file != null) {
            exportTo(Path.of(file), svg);
        }
    }

    /** Writes the chain shown as SVG or PNG. */
    public void exportTo(Path file, boolean svg) {
        try {
            if (svg) {
                String text = getSite().getService(LanguageService.class).session().withChain(chains.getText(), ChainGraphExport::svg).orElseThrow();
                Files.writeString(file, text);
                return;
            }
            Image image = new Image(canvas.getDisplay(), layout.width(), layout.height());
            GC gc = new GC(image);
            gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.fillRectangle(0, 0, layout.width(), layout.height());
            paint(gc, false);
            gc.dispose();
            ImageData data = image.getImageData();
            image.dispose();
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {data};
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } catch (java.io.IOException | RuntimeException e) {
            status.setText(NLS.bind(Messages.Chains_exportFailed, e.getMessage()));
        }
    }

    private void askAndRun() {
        String name = chains.getText();
        if (name.isEmpty() || job != null) {
            return;
        }
        List<String[]> parameters = getSite().getService(LanguageService.class).session().withChain(name, chain -> chain.getParameters().stream()
                .map(parameter -> new String[] {parameter.getName(), Types.describe(parameter.getType())}).toList()).orElse(List.of());
        InputsDialog dialog = new InputsDialog(getSite().getShell(), name, parameters);
        if (dialog.open() == Dialog.OK) {
            run(dialog.values);
        }
    }

    /** Runs the chain shown from its saved file on these inputs (text as written, other types as JSON). */
    public void run(Map<String, String> inputs) {
        String name = chains.getText();
        Path file = found.get(name);
        if (name.isEmpty() || file == null || job != null) {
            return;
        }
        results.clear();
        running.clear();
        canvas.redraw();
        Display display = canvas.getDisplay();
        RunChainOperation operation = new RunChainOperation(file, name, inputs, getSite().getService(PromptRuns.class), new RunChainOperation.Progress() {
            @Override
            public void started(String stage) {
                running.put(stage, true);
                display.asyncExec(() -> redraw());
            }

            @Override
            public void finished(StageResult result) {
                running.remove(result.stage());
                results.put(result.stage(), result);
                display.asyncExec(() -> redraw());
            }

            @Override
            public void done(String line) {
                display.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        status.setText(line);
                    }
                });
            }
        });
        job = WorkbenchOperation.job(NLS.bind(Messages.Chains_runJob, name), operation);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                display.asyncExec(() -> {
                    job = null;
                    if (!run.isDisposed()) {
                        run.setEnabled(true);
                        cancel.setEnabled(false);
                        if (!event.getResult().isOK() && event.getResult().getMessage() != null) {
                            status.setText(event.getResult().getMessage());
                        }
                    }
                });
            }
        });
        run.setEnabled(false);
        cancel.setEnabled(true);
        job.schedule();
    }

    /** Whether a run is going on. */
    public boolean isRunning() {
        return job != null;
    }

    private void redraw() {
        if (!canvas.isDisposed()) {
            canvas.redraw();
        }
    }

    @Override
    public void setFocus() {
        chains.setFocus();
    }

    /** Asks for the chain's inputs, one field each. */
    private static final class InputsDialog extends Dialog {
        private final String chain;
        private final List<String[]> parameters;
        private final List<Text> fields = new ArrayList<>();
        private Map<String, String> values = Map.of();

        InputsDialog(Shell shell, String chain, List<String[]> parameters) {
            super(shell);
            this.chain = chain;
            this.parameters = parameters;
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText(NLS.bind(Messages.Chains_inputsTitle, chain));
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            area.setLayout(new GridLayout(2, false));
            Label note = new Label(area, SWT.WRAP);
            note.setText(Messages.Chains_inputsMessage);
            note.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
            for (String[] parameter : parameters) {
                new Label(area, SWT.NONE).setText(parameter[0] + ": " + parameter[1]);
                Text field = new Text(area, SWT.BORDER);
                field.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
                field.setData("name", parameter[0]);
                fields.add(field);
            }
            return area;
        }

        @Override
        protected void okPressed() {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                given.put(parameters.get(i)[0], fields.get(i).getText());
            }
            values = given;
            super.okPressed();
        }
    }
}
