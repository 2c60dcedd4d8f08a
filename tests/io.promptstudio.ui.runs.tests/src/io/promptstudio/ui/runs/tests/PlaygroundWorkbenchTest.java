package io.promptstudio.ui.runs.tests;

import static io.promptstudio.tests.support.ui.WorkbenchParts.captureMaximized;
import static io.promptstudio.tests.support.ui.WorkbenchParts.checksSettled;
import static io.promptstudio.tests.support.ui.WorkbenchParts.named;
import static io.promptstudio.tests.support.ui.WorkbenchParts.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.runtime.RunRecord;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import io.promptstudio.tests.support.ui.Screenshots;
import io.promptstudio.tests.support.ui.UiWait;
import io.promptstudio.tests.support.ui.Widgets;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.internal.GettingStarted;
import io.promptstudio.ui.runs.internal.ProfileStatus;
import io.promptstudio.ui.runs.internal.history.HistoryView;
import io.promptstudio.ui.runs.internal.playground.PlaygroundView;
import io.promptstudio.ui.search.SearchService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Playground and the Execution History in the real workbench: a form from the typed signature, Run against a
 * local OpenAI-compatible server, Cancel, Compare, the cache box, and passages filled from retrieval. Screenshots go
 * to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundWorkbenchTest {

    private static final String SENTIMENT = "prompts/classify-sentiment.pstudio";
    private static FakeProviderServer provider;
    private static Path history;

    @BeforeAll
    static void localProviderAndHistory() throws Exception {
        provider = new FakeProviderServer();
        history = Files.createTempDirectory("promptstudio-ui-history").resolve("history");
        WorkbenchSettings.setHistoryFile(history.toString());
        WorkbenchSettings.setEndpoint("openai", provider.endpoint());
        WorkbenchSettings.setEndpoint("openai-compatible", provider.endpoint());
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        UiWait.until("the Getting Started project is made", () -> project.exists() && project.isOpen() && project.getFile(SENTIMENT).exists());
        var session = PlatformUI.getWorkbench().getService(io.promptstudio.ui.LanguageService.class).session();
        UiWait.until("the language session holds the examples and has checked them", () -> checksSettled()
                && session.profiles().contains("deterministic"));
    }

    @AfterAll
    static void stopProvider() {
        WorkbenchSettings.setEndpoint("openai", null);
        WorkbenchSettings.setEndpoint("openai-compatible", null);
        WorkbenchSettings.setHistoryFile(null);
        provider.close();
    }

    @AfterEach
    void closeDialogs() {
        Shell main = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        for (Shell shell : Display.getCurrent().getShells()) {
            if (shell != main && !shell.isDisposed() && shell.isVisible() && shell.getParent() == main && shell.getText().length() > 0) {
                shell.close();
            }
        }
        UiWait.drainEvents();
    }

    @Test
    @Order(5)
    void thePlaygroundFormShowsTheRightWidgetForEachTypedParameter() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        IFile file = project.getFile("prompts/form-kinds.pstudio");
        String source = """
                namespace forms
                import shared.*

                enum Tone { FORMAL, CASUAL }

                class Customer {
                  name: string
                  tier: int @range(1, 3)
                }

                prompt FormKinds(text: string, count: int, ratio: float, urgent: bool, tone: Tone,
                                 tags: string[], customer: Customer, note: string?) -> string using local_server {
                  user "{{ text }} {{ count }} {{ ratio }} {{ urgent }} {{ tone }} {{ tags | join(", ") }} {{ customer.name }} {{ note }}"
                }
                """;
        file.create(new java.io.ByteArrayInputStream(source.getBytes(java.nio.charset.StandardCharsets.UTF_8)), true, null);
        PlaygroundView playground = (PlaygroundView) page().showView(PlaygroundView.ID);
        playground.show("forms.FormKinds");
        Control root = UiWait.forValue("the form is built", () -> named(playground, "customer.tier"));
        assertInstanceOf(Text.class, named(playground, "text"));
        assertInstanceOf(Spinner.class, named(playground, "count"));
        assertInstanceOf(Spinner.class, named(playground, "ratio"));
        assertInstanceOf(Button.class, named(playground, "urgent"));
        Combo tone = (Combo) named(playground, "tone");
        assertEquals(List.of("FORMAL", "CASUAL"), List.of(tone.getItems()));
        assertInstanceOf(org.eclipse.swt.widgets.List.class, named(playground, "tags"));
        assertInstanceOf(Text.class, named(playground, "customer.name"));
        assertInstanceOf(Group.class, named(playground, "customer.name").getParent().getParent());
        assertInstanceOf(Spinner.class, root);

        Label problem = (Label) named(playground, "problem.count");
        Spinner tier = (Spinner) root;
        assertEquals(1, tier.getMinimum());
        assertEquals(3, tier.getMaximum());
        Widgets.type((Text) named(playground, "tags.new"), "billing");
        Widgets.click((Button) named(playground, "tags.add"));
        assertEquals(List.of("billing"), List.of(((org.eclipse.swt.widgets.List) named(playground, "tags")).getItems()));
        assertEquals("", problem.getText(), "a count in its range is fine");
        captureMaximized("playground-form.png");
        file.delete(true, null);
    }

    @Test
    @Order(6)
    void runningAgainstALocalOpenAiServerShowsTheTypedOutputCostLatencyAndARowInHistory() throws Exception {
        provider.answer("gpt-4o-mini", "{\"sentiment\": \"NEGATIVE\", \"confidence\": 0.92, \"evidence\": [\"Broke after two days\"],}", 57, 21);
        PlaygroundView playground = (PlaygroundView) page().showView(PlaygroundView.ID);
        playground.show("reviews.ClassifySentiment");
        UiWait.until("the sentiment form is built", () -> named(playground, "review") != null);
        Widgets.type((Text) named(playground, "review"), "Broke after two days and support never answered.");
        Widgets.type((Text) named(playground, "product"), "Kettle X2");
        Combo profile = (Combo) named(playground, "profile");
        assertEquals("deterministic", profile.getText(), "the prompt's own profile");
        UiWait.until("the status bar shows the profile and model", () -> Widgets.find(playground.getSite().getShell(),
                org.eclipse.swt.custom.CLabel.class, label -> label.getData(ProfileStatus.ID) != null).map(org.eclipse.swt.custom.CLabel::getText)
                .orElse("").equals("Profile deterministic · gpt-4o-mini"));
        Widgets.click(Widgets.button(playground.getSite().getShell(), "Run"));

        Label metrics = (Label) named(playground, "metrics");
        UiWait.until("the run finishes with its cost", () -> metrics.getText().contains("$"), Duration.ofSeconds(60));
        assertTrue(metrics.getText().contains("57 in / 21 out tokens"), metrics.getText());
        assertTrue(metrics.getText().matches("(?s).*\\d+ ms.*"), metrics.getText());
        Tree typed = (Tree) named(playground, "typedOutput");
        List<String> leaves = texts(typed.getItems());
        assertTrue(leaves.contains("sentiment = NEGATIVE"), leaves.toString());
        assertTrue(leaves.contains("confidence = 0.92"), leaves.toString());
        org.eclipse.swt.widgets.List repairs = (org.eclipse.swt.widgets.List) named(playground, "repairs");
        assertTrue(repairs.getItemCount() >= 1 && repairs.getItem(0).startsWith("repaired: "), "the trailing comma was repaired");
        var request = provider.received().get(provider.received().size() - 1).json();
        assertEquals(7, request.path("seed").asInt(), "the profile's seed is sent");
        assertTrue(request.toString().contains("Kettle X2"), "the form's inputs are rendered into the request");
        captureMaximized("playground-run.png");

        HistoryView historyView = (HistoryView) page().showView(HistoryView.ID);
        historyView.refresh();
        RunRecord run = UiWait.forValue("the run is in the Execution History", () -> historyView.shown().stream()
                .filter(each -> each.prompt().equals("reviews.ClassifySentiment") && RunRecord.SUCCEEDED.equals(each.status())).findFirst()
                .orElse(null));
        assertEquals(57, run.inputTokens());
        assertNotNull(run.cost());
        Table rows = (Table) named(historyView, "runs");
        assertEquals("reviews.ClassifySentiment", rows.getItem(0).getText(1));
        rows.select(0);
        rows.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        String detail = ((org.eclipse.swt.custom.StyledText) named(historyView, "detail")).getText();
        assertTrue(detail.contains("── Request ──") && detail.contains("── Repairs ──"), detail);
        captureMaximized("history.png");
        assertTrue(Files.exists(history.resolveSibling("history.mv.db")), "the history is a real H2 file on disk");

        Widgets.type((Text) named(playground, "review"), "");
        UiWait.until("the run stays selected, so Re-run is enabled", () -> Widgets.button(historyView.getSite().getShell(), "Re-run").isEnabled());
        Widgets.click(Widgets.button(historyView.getSite().getShell(), "Re-run"));
        UiWait.until("Re-run fills the Playground with the run's arguments", () -> named(playground, "review") instanceof Text review
                && review.getText().equals("Broke after two days and support never answered."));
        assertEquals("Kettle X2", ((Text) named(playground, "product")).getText());
    }

    @Test
    @Order(7)
    void cancelStopsASlowRunAndTheHistoryKeepsIt() throws Exception {
        provider.slowly(Duration.ofSeconds(40), 200, "{}");
        PlaygroundView playground = (PlaygroundView) page().showView(PlaygroundView.ID);
        Button run = Widgets.button(playground.getSite().getShell(), "Run");
        Button cancel = Widgets.button(playground.getSite().getShell(), "Cancel");
        int requestsBefore = provider.received().size();
        Widgets.click(run);
        UiWait.until("the run is under way", cancel::isEnabled);
        // cancelling before the request is out would leave the slow reply queued for the next test's run
        UiWait.until("the provider has the request", () -> provider.received().size() > requestsBefore);
        Widgets.click(cancel);
        UiWait.until("Run is enabled again long before the provider answers (40 s)", run::isEnabled, Duration.ofSeconds(20));
        HistoryView historyView = (HistoryView) page().showView(HistoryView.ID);
        historyView.refresh();
        UiWait.until("the cancelled run is in the history", () -> historyView.shown().stream()
                .anyMatch(each -> !RunRecord.SUCCEEDED.equals(each.status()) && "cancelled".equals(each.errorKind())));
    }

    @Test
    @Order(8)
    void compareRunsTheSameInputsOnTwoProfilesSideBySide() throws Exception {
        provider.answer("gpt-4o-mini", "{\"sentiment\": \"NEGATIVE\", \"confidence\": 0.9, \"evidence\": [\"Broke\"]}", 50, 20);
        provider.answer("gpt-4o-mini", "{\"sentiment\": \"NEUTRAL\", \"confidence\": 0.4, \"evidence\": []}", 50, 18);
        PlaygroundView playground = (PlaygroundView) page().showView(PlaygroundView.ID);
        org.eclipse.swt.widgets.List others = (org.eclipse.swt.widgets.List) named(playground, "compareWith");
        others.setSelection(new String[] {"writer"});
        Widgets.click(Widgets.button(playground.getSite().getShell(), "Compare"));
        Table comparison = (Table) named(playground, "comparison");
        UiWait.until("both profiles are compared", () -> comparison.getItemCount() == 2, Duration.ofSeconds(60));
        assertEquals(List.of("deterministic", "writer"), Arrays.stream(comparison.getItems()).map(item -> item.getText(0)).toList());
        assertTrue(comparison.getItem(1).getText(3).contains("NEUTRAL"), comparison.getItem(1).getText(3));
        captureMaximized("playground-compare.png");
    }

    @Test
    @Order(11)
    void theCacheBoxAnswersARepeatedRunFromTheSemanticCache() throws Exception {
        Path cache = Files.createTempDirectory("promptstudio-ui-cache").resolve("cache");
        WorkbenchSettings.setCacheFile(cache.toString());
        PlaygroundView playground = (PlaygroundView) page().showView(PlaygroundView.ID);
        Button useCache = (Button) named(playground, "cache");
        try {
            provider.answer("gpt-4o-mini", "{\"sentiment\": \"POSITIVE\", \"confidence\": 0.97, \"evidence\": [\"works great\"]}", 40, 12);
            Control earlierForm = named(playground, "review");
            playground.show("reviews.ClassifySentiment");
            // show() rebuilds the form in the background: typing into the one shown before would be lost
            UiWait.until("the sentiment form is built anew", () -> named(playground, "review") != null && named(playground, "review") != earlierForm);
            Widgets.type((Text) named(playground, "review"), "Works great, boils in a minute.");
            Widgets.type((Text) named(playground, "product"), "Kettle X3");
            useCache.setSelection(true);
            Label metrics = (Label) named(playground, "metrics");
            Widgets.click(Widgets.button(playground.getSite().getShell(), "Run"));
            UiWait.until("the first run finishes at the provider", () -> metrics.getText().contains("40 in / 12 out tokens"), Duration.ofSeconds(60));
            int calls = provider.received().size();

            Widgets.click(Widgets.button(playground.getSite().getShell(), "Run"));
            UiWait.until("the second run is answered from the cache", () -> metrics.getText().startsWith("from the cache (exact-hit)"),
                    Duration.ofSeconds(60));
            assertEquals(calls, provider.received().size(), "the provider was not called again");
            assertTrue(texts(((Tree) named(playground, "typedOutput")).getItems()).contains("sentiment = POSITIVE"));
            assertTrue(metrics.getText().contains("$0.000000"), metrics.getText());
        } finally {
            useCache.setSelection(false);
            WorkbenchSettings.setCacheFile(null);
        }
    }

    @Test
    @Order(12)
    void thePlaygroundFillsAPassageListFromRetrieval() throws Exception {
        Path docs = Files.createTempDirectory("promptstudio-ui-docs");
        Files.writeString(docs.resolve("escalation.md"), """
                # Escalation policy

                Tickets from enterprise customers are escalated to the on-call engineer within 15 minutes.
                """);
        SearchService search = PlatformUI.getWorkbench().getService(SearchService.class);
        var ingest = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return search.ingest(List.of(docs), new org.eclipse.core.runtime.NullProgressMonitor());
            } catch (io.promptstudio.search.index.IndexException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        UiWait.until("the document is ingested", ingest::isDone, Duration.ofSeconds(90));
        assertEquals(1, ingest.get().indexed(), "the document was ingested");

        PlaygroundView playground = (PlaygroundView) page().showView(PlaygroundView.ID);
        playground.show("rag.AnswerWithCitations");
        UiWait.until("the form is built", () -> named(playground, "passages.retrieve") != null);
        Widgets.type((Text) named(playground, "question"), "Who handles urgent tickets from big clients?");
        Widgets.click((Button) named(playground, "passages.retrieve"));
        org.eclipse.swt.widgets.List passages = (org.eclipse.swt.widgets.List) named(playground, "passages");
        UiWait.until("retrieved passages fill the list", () -> passages.getItemCount() > 0, Duration.ofSeconds(90));
        String first = passages.getItem(0);
        assertTrue(first.contains("escalated to the on-call engineer") && first.contains("\"score\"") && first.contains("\"title\":\"Escalation policy\""),
                first);
        captureMaximized("playground-retrieve.png");
    }

    private static List<String> texts(TreeItem[] items) {
        List<String> texts = new java.util.ArrayList<>();
        for (TreeItem item : items) {
            texts.add(item.getText());
            texts.addAll(texts(item.getItems()));
        }
        return texts;
    }

}
