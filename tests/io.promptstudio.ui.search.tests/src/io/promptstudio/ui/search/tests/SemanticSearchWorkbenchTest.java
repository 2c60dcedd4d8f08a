package io.promptstudio.ui.search.tests;

import static io.promptstudio.tests.support.ui.WorkbenchParts.captureMaximized;
import static io.promptstudio.tests.support.ui.WorkbenchParts.page;
import static io.promptstudio.tests.support.ui.WorkbenchParts.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.search.index.IndexedItem;
import io.promptstudio.search.index.SearchHit;
import io.promptstudio.tests.support.ui.Screenshots;
import io.promptstudio.tests.support.ui.UiWait;
import io.promptstudio.tests.support.ui.Widgets;
import io.promptstudio.ui.internal.GettingStarted;
import io.promptstudio.ui.search.SearchService;
import io.promptstudio.ui.search.internal.SemanticSearchView;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Semantic Search view on the real workbench: the Getting Started prompts found by meaning, documents
 * ingested from a folder (a bad file skipped with its reason), a prompt saved in the editor found after the
 * background indexing, and the semantic cache's statistics page. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SemanticSearchWorkbenchTest {

    private static final Duration SEARCH = Duration.ofSeconds(90);

    @Test
    @Order(1)
    void aQuestionFindsTheExamplePromptByMeaning() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        UiWait.until("the Getting Started project is made", () -> project.exists() && project.isOpen());
        SemanticSearchView view = (SemanticSearchView) page().showView(SemanticSearchView.ID);
        ((Combo) named(view, "type")).select(1);
        view.setQuery("is this customer review positive or negative");
        view.search();
        UiWait.until("results are shown", () -> !view.shownResults().isEmpty(), SEARCH);
        SearchHit top = view.shownResults().get(0);
        assertEquals("reviews.ClassifySentiment", top.item().title(), () -> "results: " + titles(view));
        assertTrue(view.statusText().matches("\\d+ results in \\d+ ms\\.( .*)?"), view.statusText());
        assertTrue(top.keywordRank() > 0 && top.vectorRank() > 0, "hybrid: found by BM25 and by the vectors");
        assertTrue(view.shownResults().size() >= 10, "the vectors rank every prompt: " + titles(view));
        captureMaximized("semantic-search.png");
        ((Combo) named(view, "type")).select(0);
    }

    @Test
    @Order(2)
    void ingestedDocumentsAreFoundAndABadFileIsSkippedWithItsReason() throws Exception {
        Path docs = Files.createTempDirectory("promptstudio-ui-docs");
        Files.writeString(docs.resolve("escalation.md"), """
                # Escalation policy

                Tickets from enterprise customers are escalated to the on-call engineer within 15 minutes.
                """);
        Files.write(docs.resolve("scan.pdf"), "%PDF-1.7 truncated".getBytes(StandardCharsets.US_ASCII));
        SemanticSearchView view = (SemanticSearchView) page().showView(SemanticSearchView.ID);
        view.ingest(List.of(docs));
        UiWait.until("the ingest is done", () -> view.statusText().startsWith("Ingested"), SEARCH);
        assertTrue(view.statusText().startsWith("Ingested 1 file (1 chunks); 1 skipped (scan.pdf: not a readable PDF"), view.statusText());
        Combo type = (Combo) named(view, "type");
        type.select(2);
        view.setQuery("who handles urgent tickets from big clients");
        view.search();
        UiWait.until("document results are shown", () -> !view.shownResults().isEmpty()
                && view.shownResults().get(0).item().type().equals(IndexedItem.CHUNK), SEARCH);
        assertEquals("Escalation policy", view.shownResults().get(0).item().title());
        type.select(0);
    }

    @Test
    @Order(4)
    void aPromptSavedInTheWorkspaceIsIndexedInTheBackground() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        IFile file = project.getFile("prompts/forecast.pstudio");
        file.create(new ByteArrayInputStream("""
                namespace planning

                /** Projects next quarter's revenue from the monthly figures. */
                prompt QuarterlyForecast(figures: string) -> string {
                  user "Forecast the next quarter from: {{ figures }}"
                }
                """.getBytes(StandardCharsets.UTF_8)), true, null);
        UiWait.until("the background indexing ran", () -> {
            try {
                org.eclipse.ui.PlatformUI.getWorkbench().getService(SearchService.class).joinIndexing();
                return org.eclipse.ui.PlatformUI.getWorkbench().getService(SearchService.class).search(new io.promptstudio.search.index.SearchRequest("QuarterlyForecast", 5,
                        io.promptstudio.search.index.SearchRequest.Mode.KEYWORD, List.of(), List.of(), List.of()), null)
                        .stream().anyMatch(hit -> hit.item().title().equals("planning.QuarterlyForecast"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, SEARCH);
        file.delete(true, null);
    }

    @Test
    @Order(5)
    void theCachePageShowsTheStatistics() throws Exception {
        Path cache = Files.createTempDirectory("promptstudio-ui-cache").resolve("cache");
        io.promptstudio.ui.WorkbenchSettings.setCacheFile(cache.toString());
        try (var filled = io.promptstudio.search.cache.SemanticCache.open(cache, io.promptstudio.search.embed.MiniLmEmbedder.shared(),
                io.promptstudio.search.cache.CacheSettings.defaults(), java.time.Clock.systemUTC())) {
            var key = new io.promptstudio.search.cache.CacheKey("support.Answer", "v1", "deterministic", null);
            filled.store(key, "How do I reset my password?", "\"Use the link.\"", 120, 30, new java.math.BigDecimal("0.0004"));
            filled.lookup(key, "How can I reset my password?");
            filled.lookup(key, "How do I not reset my password?");
        }
        var dialog = PreferencesUtil.createPreferenceDialogOn(shell(), "io.promptstudio.ui.preferences.cache", null, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        UiWait.drainEvents();
        try {
            Label figures = Widgets.find(dialog.getShell(), Label.class, label -> "figures".equals(label.getData("name"))).orElseThrow();
            assertTrue(figures.getText().startsWith("Entries: 1\nHits: 1 (0 exact, 1 similar)\nMisses: 1 (1 refused because the facts differed)\n"
                    + "Hit rate: 50.0 %"), figures.getText());
            assertTrue(figures.getText().endsWith("Saved: 120 input and 30 output tokens, $0.0004"), figures.getText());
            Screenshots.capture(dialog.getShell(), "semantic-cache.png");
        } finally {
            dialog.close();
            io.promptstudio.ui.WorkbenchSettings.setCacheFile(null);
        }
    }

    private static List<String> titles(SemanticSearchView view) {
        return view.shownResults().stream().map(hit -> hit.item().title()).toList();
    }

    private static Control named(SemanticSearchView view, String name) {
        return Widgets.find(view.getSite().getShell(), Control.class, control -> name.equals(control.getData("name"))).orElseThrow();
    }

}
