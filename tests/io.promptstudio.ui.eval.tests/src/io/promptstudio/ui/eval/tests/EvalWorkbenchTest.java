package io.promptstudio.ui.eval.tests;

import static io.promptstudio.tests.support.ui.WorkbenchParts.captureMaximized;
import static io.promptstudio.tests.support.ui.WorkbenchParts.checksSettled;
import static io.promptstudio.tests.support.ui.WorkbenchParts.named;
import static io.promptstudio.tests.support.ui.WorkbenchParts.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import io.promptstudio.tests.support.ui.UiWait;
import io.promptstudio.tests.support.ui.Widgets;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.eval.internal.EvalView;
import io.promptstudio.ui.internal.GettingStarted;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Evaluation view in the real workbench: the example suite of the Getting Started project run against a local
 * server speaking OpenAI's protocol, and two versions of a prompt compared, with a screenshot of each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvalWorkbenchTest {

    private static FakeProviderServer provider;

    @BeforeAll
    static void localProvider() throws Exception {
        provider = new FakeProviderServer();
        // labels by the review's words; a prompt whose system text says "Careless" calls everything POSITIVE
        provider.answering("gpt-4o-mini", request -> {
            JsonNode messages = request.path("messages");
            String all = messages.toString();
            String review = messages.get(messages.size() - 1).path("content").asText();
            String label = all.contains("Careless") ? "POSITIVE" : review.contains("Broke") ? "NEGATIVE"
                    : review.contains("Boils") ? "POSITIVE" : "NEUTRAL";
            return "{\"sentiment\": \"" + label + "\", \"confidence\": 0.9, \"evidence\": [\"" + review.strip().split("\\n")[0]
                    .replace("\"", "") + "\"]}";
        });
        var kept = Files.createTempDirectory("promptstudio-eval-history");
        WorkbenchSettings.setHistoryFile(kept.resolve("history").toString());
        WorkbenchSettings.setEvalStoreFile(kept.resolve("evals").toString());
        WorkbenchSettings.setEndpoint("openai", provider.endpoint());
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        UiWait.until("the Getting Started project is made", () -> project.exists() && project.isOpen());
        var session = PlatformUI.getWorkbench().getService(LanguageService.class).session();
        UiWait.until("the language session holds the examples and has checked them", () -> checksSettled()
                && session.profiles().contains("deterministic"));
    }

    @AfterAll
    static void stopProvider() {
        WorkbenchSettings.setEndpoint("openai", null);
        WorkbenchSettings.setHistoryFile(null);
        WorkbenchSettings.setEvalStoreFile(null);
        provider.close();
    }

    @Test
    @Order(1)
    void theExampleSuiteRunsAndEveryCasePasses() throws Exception {
        EvalView view = (EvalView) page().showView(EvalView.ID);
        view.refresh();
        UiWait.until("the example suite is listed", () -> view.select("classify-sentiment.pstudio#SentimentQuality"));
        Widgets.click((Button) named(view, "run"));
        UiWait.until("the suite finishes", () -> view.summaryText().contains("PASS"), Duration.ofSeconds(90));
        assertTrue(view.summaryText().contains("3/3 passed (100.0 %)"), view.summaryText());
        Table results = (Table) named(view, "results");
        assertEquals(3, results.getItemCount());
        assertTrue(results.getItem(0).getText(1).startsWith("passed 1.00"), results.getItem(0).getText(1));
        captureMaximized("eval-suite.png");
    }

    @Test
    @Order(2)
    void twoVersionsAreComparedAndTheWorseIsNamed() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            rows.append(i % 2 == 0 ? "  { review: \"Broke on day " + i + "\", product: \"Kettle\" } -> { sentiment: Sentiment.NEGATIVE }\n"
                    : "  { review: \"Boils fast, day " + i + "\", product: \"Kettle\" } -> { sentiment: Sentiment.POSITIVE }\n");
        }
        IFile file = project.getFile("prompts/careless.pstudio");
        String source = """
                namespace careless
                import reviews.*
                import shared.*

                prompt ClassifyCarelessly(review: string, product: string) -> SentimentResult using deterministic {
                  system "Careless. {{ output_format }}"
                  user "{{ product }}: {{ review }}"
                }

                dataset Many for ClassifySentiment {
                %s}

                eval CarefulOrCareless {
                  prompts ClassifySentiment, ClassifyCarelessly
                  dataset Many
                  assert {
                    label: output.sentiment == expected.sentiment
                  }
                }
                """.formatted(rows);
        file.create(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), true, null);
        var session = PlatformUI.getWorkbench().getService(LanguageService.class).session();
        UiWait.until("the new file is in the language session and checks clean", () -> checksSettled()
                && session.files().contains(file.getLocation().toPath()) && noErrors(file));
        EvalView view = (EvalView) page().showView(EvalView.ID);
        view.refresh();
        UiWait.until("the new suite is listed", () -> view.select("careless.pstudio#CarefulOrCareless"));
        Widgets.click((Button) named(view, "run"));
        UiWait.until("the comparison is made", () -> view.summaryText().contains("FAIL"), Duration.ofSeconds(120));
        assertTrue(view.summaryText().contains("careless.ClassifyCarelessly vs reviews.ClassifySentiment: B worse"), view.summaryText());
        Table results = (Table) named(view, "results");
        assertEquals(24, results.getItemCount());
        CTabFolder tabs = (CTabFolder) named(view, "tabs");
        tabs.setSelection(1);
        UiWait.until("the run's charts are drawn", view::chartsDrawn);
        captureMaximized("eval-charts.png");

        Combo filter = (Combo) named(view, "filter");
        filter.select(1);
        filter.notifyListeners(SWT.Selection, new Event());
        assertEquals(12, results.getItemCount(), "the careless version gets the 12 broken kettles wrong: only their rows are left");
        results.setSelection(0);
        Widgets.click((Button) named(view, "compare"));
        assertTrue(view.summaryText().contains("reviews.ClassifySentiment \u2194 careless.ClassifyCarelessly"), view.summaryText());
        assertTrue(view.summaryText().contains("-   \"sentiment\" : \"NEGATIVE\"") && view.summaryText().contains("+   \"sentiment\" : \"POSITIVE\""),
                view.summaryText());
        filter.select(0);
        filter.notifyListeners(SWT.Selection, new Event());
        assertEquals(24, results.getItemCount());

        tabs.setSelection(2);
        Table history = (Table) named(view, "history");
        UiWait.until("the run is in the suite's history", () -> history.getItemCount() == 1 && "failed".equals(history.getItem(0).getText(2)));
        assertTrue(history.getItem(0).getText(3).contains("careless.ClassifyCarelessly 50.0 %"), history.getItem(0).getText(3));
        captureMaximized("eval-history.png");
        tabs.setSelection(0);
        file.delete(true, null);
    }

    private static boolean noErrors(IFile file) {
        try {
            return file.findMaxProblemSeverity(null, true, 0) < org.eclipse.core.resources.IMarker.SEVERITY_ERROR;
        } catch (org.eclipse.core.runtime.CoreException e) {
            return false;
        }
    }
}
