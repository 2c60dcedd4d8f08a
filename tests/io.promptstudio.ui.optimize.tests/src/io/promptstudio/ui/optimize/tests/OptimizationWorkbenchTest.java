package io.promptstudio.ui.optimize.tests;

import static io.promptstudio.tests.support.ui.WorkbenchParts.captureMaximized;
import static io.promptstudio.tests.support.ui.WorkbenchParts.named;
import static io.promptstudio.tests.support.ui.WorkbenchParts.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.optimize.OptimizeOutcome;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import io.promptstudio.tests.support.providers.OptimizerAnswers;
import io.promptstudio.tests.support.ui.UiWait;
import io.promptstudio.tests.support.ui.Widgets;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.internal.GettingStarted;
import io.promptstudio.ui.optimize.internal.OptimizationView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Optimization view in the real workbench against a local server speaking OpenAI's protocol whose classifier is
 * right only when told to think step by step ({@link OptimizerAnswers}): the estimate, an OPRO run with its chart,
 * candidates and diff, Adopt writing the checked new version, and a self-refinement round reviewed in the compare
 * editor and accepted; with screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OptimizationWorkbenchTest {

    private static FakeProviderServer provider;
    private static final OptimizerAnswers ANSWERS = new OptimizerAnswers();
    private static Path kept;
    private static Path file;
    private static String original;

    @BeforeAll
    static void localProvider() throws Exception {
        provider = new FakeProviderServer();
        provider.answering("gpt-4o-mini", ANSWERS::answer);
        kept = Files.createTempDirectory("promptstudio-optimize");
        WorkbenchSettings.setHistoryFile(kept.resolve("history").toString());
        WorkbenchSettings.setOptimizeStoreFile(kept.resolve("optimize").toString());
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        UiWait.until("the Getting Started project is made", () -> project.exists() && project.isOpen());
        Path folder = Files.createDirectories(Path.of(project.getLocationURI()).resolve("optimizing"));
        file = OptimizerAnswers.writeWorkspace(folder, provider.endpoint());
        original = Files.readString(file);
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
    }

    @AfterAll
    static void stopProvider() {
        WorkbenchSettings.setHistoryFile(null);
        WorkbenchSettings.setOptimizeStoreFile(null);
        provider.close();
    }

    private static OptimizationView view() throws Exception {
        OptimizationView view = (OptimizationView) page().showView(OptimizationView.ID);
        UiWait.until("the eval is listed", () -> {
            view.refresh();
            UiWait.drainEvents();
            return view.select("classify.pstudio#Accuracy");
        }, Duration.ofSeconds(60));
        return view;
    }

    private static void click(OptimizationView view, String name) {
        Widgets.click((Button) named(view, name));
    }

    /**
     * Does {@code action}, which opens a modal dialog titled {@code title}; the dialog's text is read and {@code press}
     * pressed from a timer inside the dialog's own event loop. Returns the text.
     */
    private static String answering(String title, String press, Runnable action) {
        Display display = Display.getCurrent();
        AtomicReference<String> said = new AtomicReference<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Runnable inspect = new Runnable() {
            @Override
            public void run() {
                Shell dialog = Arrays.stream(display.getShells()).filter(shell -> title.equals(shell.getText()) && shell.isVisible()).findFirst()
                        .orElse(null);
                if (dialog == null) {
                    if (System.nanoTime() < deadline) {
                        display.timerExec(100, this);
                    }
                    return;
                }
                said.set(String.join("\n", Widgets.findAll(dialog, Label.class, label -> !label.getText().isBlank()).stream().map(Label::getText)
                        .toList()));
                Widgets.click(Widgets.button(dialog, press));
            }
        };
        display.timerExec(100, inspect);
        action.run();
        return said.get();
    }

    @Test
    @Order(1)
    void anOproRunFindsTheBetterInstructionAndAdoptWritesIt() throws Exception {
        OptimizationView view = view();
        ((Combo) named(view, "method")).select(0);
        ((Spinner) named(view, "generations")).setSelection(2);
        ((Spinner) named(view, "population")).setSelection(4);
        ((Spinner) named(view, "batch")).setSelection(10);
        ((Spinner) named(view, "seed")).setSelection(7);
        click(view, "estimate");
        Label estimate = (Label) named(view, "estimateLine");
        UiWait.until("the estimate is shown", () -> estimate.getText().startsWith("Estimated:") && ((Button) named(view, "start")).isEnabled(),
                Duration.ofSeconds(60));
        assertTrue(estimate.getText().contains("60 training rows, 10 a batch; 20 validation; 20 test"), estimate.getText());

        click(view, "start");
        UiWait.until("the run ends", () -> view.outcome() != null && ((Button) named(view, "start")).isEnabled(), Duration.ofSeconds(120));
        OptimizeOutcome outcome = view.outcome();
        assertTrue(outcome.improved(), String.valueOf(outcome.comparison()));
        Table candidates = (Table) named(view, "candidates");
        assertEquals(outcome.candidates().size(), candidates.getItemCount());
        assertEquals(4, Arrays.stream(candidates.getItems()).filter(item -> item.getText(5).startsWith("dropped:")).count());
        TableItem best = Arrays.stream(candidates.getItems()).filter(item -> item.getText(5).equals("best")).findFirst().orElseThrow();
        assertEquals("#" + outcome.best().number(), best.getText(0));
        String diff = ((StyledText) named(view, "diff")).getText();
        assertTrue(diff.contains("+     Classify the review; think step by step"), diff);
        String summary = ((StyledText) named(view, "summary")).getText();
        assertTrue(summary.contains("B better"), summary);
        captureMaximized("optimization-view.png");

        String said = answering("Adopt candidate", "OK", () -> click(view, "adopt"));
        assertNotNull(said, "Adopt reports what it did");
        assertTrue(said.contains("as the new version of classify.pstudio"), said);
        String written = Files.readString(file);
        assertTrue(written.contains("think step by step"), written);
        assertEquals(original.replaceAll("(?s)  system \"\"\".*?\"\"\"", ""), written.replaceAll("(?s)  system \"\"\".*?\"\"\"", ""),
                "only the instruction changed");
    }

    @Test
    @Order(2)
    void aRefinementRoundIsReviewedInTheCompareEditorAndAccepted() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        Files.writeString(file, original);
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
        OptimizationView view = view();
        click(view, "refineNow");
        Table proposals = (Table) named(view, "proposals");
        UiWait.until("the round proposes an edit", () -> proposals.getItemCount() > 0 && proposals.getItem(0).getText(2).equals("proposed"),
                Duration.ofSeconds(120));
        assertEquals("0.500 → 1.000", proposals.getItem(0).getText(3));
        assertEquals(original, Files.readString(file), "a proposal writes nothing");
        proposals.setSelection(0);
        click(view, "review");
        String id = proposals.getItem(0).getText(0);
        UiWait.until("the compare editor opens", () -> Arrays.stream(page().getEditorReferences())
                .anyMatch(editor -> editor.getTitle().equals("Refinement " + id)), Duration.ofSeconds(30));
        page().activate(Arrays.stream(page().getEditorReferences()).filter(editor -> editor.getTitle().equals("Refinement " + id)).findFirst()
                .orElseThrow().getPart(true));
        captureMaximized("optimization-refine-review.png");
        page().closeAllEditors(false);
        page().showView(OptimizationView.ID);
        proposals.setSelection(0);
        String said = answering("Self-refinement", "OK", () -> click(view, "accept"));
        assertTrue(said != null && said.contains("Accepted refinement " + id), said);
        assertTrue(Files.readString(file).contains("Classify the review step by step."));
        UiWait.until("the round shows as accepted", () -> proposals.getItem(0).getText(2).equals("accepted"));
    }

    @Test
    @Order(3)
    void everyOtherMethodRunsFromTheView() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        Files.writeString(file, original);
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
        OptimizationView view = view();
        Combo method = (Combo) named(view, "method");
        for (int index = 1; index < method.getItemCount(); index++) {
            method.select(index);
            OptimizeOutcome before = view.outcome();
            click(view, "start");
            UiWait.until(method.getItem(method.getSelectionIndex()) + " ends", () -> view.outcome() != before && ((Button) named(view, "start"))
                    .isEnabled(), Duration.ofSeconds(120));
            assertTrue(view.outcome().improved(), method.getItem(index) + ": " + view.outcome().comparison());
            assertEquals(index, view.outcome().settings().method().ordinal());
        }
    }
}
