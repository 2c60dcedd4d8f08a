package io.promptstudio.ui.chains.tests;

import static io.promptstudio.tests.support.ui.WorkbenchParts.captureMaximized;
import static io.promptstudio.tests.support.ui.WorkbenchParts.checksSettled;
import static io.promptstudio.tests.support.ui.WorkbenchParts.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.chains.ChainGraphExport;
import io.promptstudio.tests.support.providers.FakeProviderServer;
import io.promptstudio.tests.support.providers.SchemaAnswers;
import io.promptstudio.tests.support.ui.UiWait;
import io.promptstudio.ui.LanguageService;
import io.promptstudio.ui.WorkbenchSettings;
import io.promptstudio.ui.chains.internal.ChainGraphView;
import io.promptstudio.ui.internal.GettingStarted;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Chain Graph view in the real workbench: the example chains of the Getting Started project drawn, a chain the
 * test writes redrawn when its text changes, and a chain run against a local server speaking OpenAI's protocol with
 * every stage coloured by how it ended, with screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainGraphWorkbenchTest {

    private static FakeProviderServer provider;
    private static Path kept;

    @BeforeAll
    static void localProvider() throws Exception {
        provider = new FakeProviderServer();
        provider.answering("gpt-4o-mini", SchemaAnswers::answer);
        kept = Files.createTempDirectory("promptstudio-chains");
        WorkbenchSettings.setHistoryFile(kept.resolve("history").toString());
        WorkbenchSettings.setChainStoreFile(kept.resolve("chains").toString());
        WorkbenchSettings.setEndpoint("openai", provider.endpoint());
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        UiWait.until("the Getting Started project is made", () -> project.exists() && project.isOpen());
        var session = PlatformUI.getWorkbench().getService(LanguageService.class).session();
        UiWait.until("the language session holds the examples and has checked them", () -> checksSettled()
                && session.chains().containsKey("chains.TriageAndReply"));
    }

    @AfterAll
    static void stopProvider() {
        WorkbenchSettings.setEndpoint("openai", null);
        WorkbenchSettings.setHistoryFile(null);
        WorkbenchSettings.setChainStoreFile(null);
        provider.close();
    }

    private static List<String> titles(ChainGraphView view) {
        return view.boxes().stream().map(ChainGraphExport.Box::title).toList();
    }

    @Test
    @Order(1)
    void anExampleChainIsDrawnAndRunsWithEveryStageColouredByItsEnd() throws Exception {
        ChainGraphView view = (ChainGraphView) page().showView(ChainGraphView.ID);
        UiWait.until("the example chain is listed", () -> view.select("chains.TriageAndReply"));
        assertEquals(List.of("ticket", "routing", "reply", "return"), titles(view));
        view.run(Map.of("ticket", "I was charged twice"));
        UiWait.until("the run finishes", () -> !view.isRunning() && view.statusText().startsWith("Run "), Duration.ofSeconds(60));
        assertTrue(view.statusText().contains("succeeded"), view.statusText());
        assertEquals("succeeded", view.stageStatus("routing"));
        assertEquals("succeeded", view.stageStatus("reply"));
        captureMaximized("chain-graph-run.png");
        Path png = kept.resolve("triage.png");
        view.exportTo(png, false);
        assertTrue(Files.size(png) > 1000, "a PNG was written");
    }

    @Test
    @Order(2)
    void aTextEditRedrawsTheGraph() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(GettingStarted.PROJECT);
        IFile file = project.getFile("prompts/flow.pstudio");
        String source = """
                namespace flow
                import shared.*

                prompt Shout(text: string) -> string using deterministic {
                  user "Shout: {{ text }}"
                }

                class Tally {
                  n: int
                }

                prompt Count(text: string) -> Tally using deterministic {
                  user "Count the words: {{ text }} {{ output_format }}"
                }

                chain Loud(text: string) -> string {
                  stage first = Shout(text: text)
                  return first
                }
                """;
        file.create(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), true, null);
        ChainGraphView view = (ChainGraphView) page().showView(ChainGraphView.ID);
        UiWait.until("the new chain is listed", () -> view.select("flow.Loud"));
        assertEquals(List.of("text", "first", "return"), titles(view));
        String edited = source.replace("  return first", "  stage second = Shout(text: first)\n  return second");
        file.setContents(new ByteArrayInputStream(edited.getBytes(StandardCharsets.UTF_8)), true, false, null);
        UiWait.until("the graph shows the new stage", () -> titles(view).equals(List.of("text", "first", "second", "return")),
                Duration.ofSeconds(30));
        captureMaximized("chain-graph-edited.png");

        String misfit = edited.replace("  stage second = Shout(text: first)", "  stage counted = Count(text: first)\n  stage second = Shout(text: counted)");
        file.setContents(new ByteArrayInputStream(misfit.getBytes(StandardCharsets.UTF_8)), true, false, null);
        UiWait.until("the edge that carries the wrong type is marked", () -> view.routes().stream()
                .anyMatch(route -> route.from().equals("s_counted") && route.to().equals("s_second") && !route.fits()), Duration.ofSeconds(30));
        assertTrue(view.routes().stream().filter(route -> !route.fits()).count() == 1, view.routes().toString());
        captureMaximized("chain-graph-misfit.png");

        // the palette: a stage added from the graph is written into the text, connected to what fits, and drawn
        view.addStage("flow.Shout");
        UiWait.until("the added stage is in the file and the graph", () -> titles(view).contains("shout"), Duration.ofSeconds(30));
        String written = new String(file.getContents().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(written.contains("  stage shout = Shout(text: second)\n  return second"), written);
        assertTrue(written.startsWith(misfit.substring(0, misfit.indexOf("  return second"))), "only the one place changed: " + written);
        assertTrue(view.routes().stream().anyMatch(route -> route.from().equals("s_second") && route.to().equals("s_shout") && route.fits()),
                view.routes().toString());
    }
}
